#!/usr/bin/env bash
# usage (from anywhere): bash nbs/crystal_results/demo3d.sh [physml demo crystal flags...]
# Runs `physml demo crystal --dim 3` with its defaults into out/crystal_demo3d (fresh), timing it with the load average,
# and copies report, metrics, config and figures to nbs/crystal_results/c3d/demo3d (read in 17_crystal.experiments).
set -e
cd "$(dirname "$0")/../.."
P=${PHYSML:-.venv/bin/physml}
OUT=out/crystal_demo3d; KEEP=nbs/crystal_results/c3d/demo3d
rm -rf $OUT; mkdir -p $KEEP/figures
S=$(date +%s); L0=$(cut -d' ' -f1 /proc/loadavg)
mkdir -p out; $P demo crystal --dim 3 --out $OUT "$@" > $OUT.log 2>&1
E=$(date +%s)
echo "{\"wall_s\": $((E-S)), \"load_start\": $L0, \"load_end\": $(cut -d' ' -f1 /proc/loadavg)}" > $KEEP/demo_wall.json
cp $OUT/report.md $OUT/metrics.json $OUT/demo_config.yaml $KEEP/
cp $OUT/figures/*.png $KEEP/figures/
echo "demo3d: $((E-S)) s"

#!/usr/bin/env bash
# usage (from anywhere): bash nbs/crystal_results/run.sh NAME [physml crystal train flags...]
# Trains runs/crystal/NAME, evaluates it on its test split, the held-out file and (64x64 runs) the OOD files,
# and copies the small result files (config, summary, per-epoch metrics, evaluation metrics, figures) to nbs/crystal_results/NAME.
set -e
cd "$(dirname "$0")/../.."                      # the repository root: data/ and runs/ live here
NAME=$1; shift
P=${PHYSML:-physml}; PY=${PYTHON:-python}
R=runs/crystal/$NAME; OUT=nbs/crystal_results/$NAME
mkdir -p $OUT $R
S=$(date +%s); L0=$(cut -d' ' -f1 /proc/loadavg)
$P crystal train --out-dir $R --progress false --threads 2 "$@" > $R/train.log 2>&1
E=$(date +%s)
echo "{\"wall_s\": $((E-S)), \"load_start\": $L0, \"load_end\": $(cut -d' ' -f1 /proc/loadavg)}" > $OUT/wall.json
$P crystal evaluate --model $R --out $OUT --name test > $R/eval.log 2>&1
SZ=$($PY -c "import yaml;print(yaml.safe_load(open('$R/config.yaml'))['image_size'][0])")
if [ "$SZ" = "64" ]; then
  $P crystal evaluate --model $R --data data/crystal64_test.h5 --all --out $OUT --name heldout >> $R/eval.log 2>&1
  for s in two three ellipse; do
    $P crystal evaluate --model $R --data data/crystal64_$s.h5 --all --out $OUT --name ood_$s >> $R/eval.log 2>&1
  done
fi
cp $R/config.yaml $R/train_summary.json $OUT/
$PY -c "from physml.learn import read_metrics; import json; json.dump(read_metrics('$R'), open('$OUT/epochs.json', 'w'))"
echo "done $NAME: $((E-S)) s of training"

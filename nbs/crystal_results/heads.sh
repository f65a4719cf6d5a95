#!/usr/bin/env bash
# usage (from the repository root): bash nbs/crystal_results/heads.sh TRAIN_H5 HELDOUT_H5 SEED VARIANT...
# The output-head study: each VARIANT (velocity | psi | penalty | psi_iso) trained with the same data, split, steps
# and seed on 1 torch thread, evaluated on HELDOUT_H5; small result files go to nbs/crystal_results/heads/VARIANT_sSEED.
set -e
TRAIN=$1; HELD=$2; SEED=$3; shift 3
P=${PHYSML:-.venv/bin/physml}; PY=${PYTHON:-.venv/bin/python}
for V in "$@"; do
  case $V in
    velocity) F="--head velocity";;
    psi) F="--head psi";;
    penalty) F="--head velocity --div-weight 1";;
    psi_iso) F="--head psi --prior iso";;
    *) echo "unknown variant $V"; exit 2;;
  esac
  N=${V}_s$SEED; R=runs/crystal/heads/$N; OUT=nbs/crystal_results/heads/$N
  mkdir -p $R $OUT
  S=$(date +%s); L0=$(cut -d' ' -f1 /proc/loadavg)
  OMP_NUM_THREADS=1 $P crystal train --data $TRAIN --out-dir $R --image-size 64 --width 16 --coords true \
    --batch-size 16 --learning-rate 0.002 --scheduler onecycle --epochs 6 --patience 0 --seed $SEED --threads 1 \
    --progress false $F > $R/train.log 2>&1
  E=$(date +%s)
  echo "{\"wall_s\": $((E-S)), \"load_start\": $L0, \"load_end\": $(cut -d' ' -f1 /proc/loadavg)}" > $OUT/wall.json
  $P crystal evaluate --model $R --data $HELD --all --out $OUT --name heldout > $R/eval.log 2>&1
  rm -f $OUT/*.png
  cp $R/config.yaml $R/train_summary.json $OUT/
  echo "done $N: $((E-S)) s"
done

#!/usr/bin/env bash
# The README's quickstart: builds the jar if needed, then on this machine trains a PixelCNN on
# Fashion-MNIST with Spark parameter averaging, evaluates it in bits/dim and samples 64 images.
#
#   submit/quickstart.sh [RUN_DIR]          (default: runs/quickstart, in the working folder, as --run-dir)
#
# QUICKSTART_TRAIN_ARGS replaces the training options below (CI uses it for a shorter run).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run="${1:-runs/quickstart}"
train_args=(${QUICKSTART_TRAIN_ARGS:---train-limit 20000 --test-limit 2000 --epochs 3})

if [[ ! -f "$LOCAL_JAR" ]]; then
  (cd "$PIXELCNN_HOME" && mvn -q -DskipTests package)
fi
if [[ -e "$run" ]]; then
  echo "error: $run exists; remove it or pass another run directory" >&2
  exit 2
fi

local_sh="$PIXELCNN_HOME/submit/local.sh"
"$local_sh" train --run-dir "$run" "${train_args[@]}"
"$local_sh" evaluate --model "$run" | tee "$run/evaluation.json"
"$local_sh" sample --model "$run" --n 64 --out "$run/samples.png" --seed 1
echo "quickstart done: $run/metrics.csv, $run/evaluation.json, $run/samples.png"

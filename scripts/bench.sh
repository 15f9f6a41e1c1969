#!/usr/bin/env bash
# The benchmark (after a build), in two tables:
#   1. bench/run.mjs: every implementation of one attention layer at sizes
#      A-D (ours in wasm and native, onnxruntime-web, tfjs-backend-wasm,
#      plain JS) and the wasm SIMD128 peak;
#   2. bench/gpt.mjs: a seeded GPT-2-small-shaped checkpoint (124 M
#      parameters) loaded with mha.loadCheckpoint, one forward of 32 and of
#      128 tokens against onnxruntime-web on the same model, in Node.
# Arguments go to bench/run.mjs, e.g. `bash scripts/bench.sh --quick` or
# `--sizes A,B`, except these:
#   --no-gpt        skip the GPT table
#   --gpt-only      only the GPT table
#   --gpt-browser   the GPT table in Debian's Chromium too (bench/gpt-browser.mjs)
set -euo pipefail
cd "$(dirname "$0")/.."
layer=1 gpt=1 browser=0
args=()
for a in "$@"; do
  case $a in
    --no-gpt) gpt=0 ;;
    --gpt-only) layer=0 ;;
    --gpt-browser) browser=1 ;;
    *) args+=("$a") ;;
  esac
done
if [ "$layer" = 1 ]; then
  node --no-experimental-fetch bench/run.mjs "${args[@]+"${args[@]}"}"
fi
if [ "$gpt" = 1 ]; then
  echo
  node --no-experimental-fetch bench/gpt.mjs
fi
if [ "$browser" = 1 ]; then
  echo
  node bench/gpt-browser.mjs
fi

#!/usr/bin/env bash
# The benchmark (after a build), in up to four tables:
#   1. bench/run.mjs: every implementation of one attention layer at sizes
#      A-D (ours in wasm, per variant loaded, and native, onnxruntime-web,
#      tfjs-backend-wasm, plain JS) and the wasm SIMD peaks, in Node;
#   2. bench/gpt.mjs: a seeded GPT-2-small-shaped checkpoint (124 M
#      parameters) loaded with mha.loadCheckpoint, one forward of 32 and of
#      128 tokens (lean, and with every head's weights) against
#      onnxruntime-web on the same model, in Node;
#   3. with --browser: table 1 in Debian's Chromium (bench/layer-browser.mjs:
#      ours, onnxruntime-web with 1, 2 and hardwareConcurrency threads, the
#      peaks), then table 2 in Chromium (bench/gpt-browser.mjs).
# Node 20 validates relaxed SIMD only under --experimental-wasm-relaxed-simd,
# which table 1 is run with when this Node has it, so that both the simd128
# and the relaxed-simd variants of ours (and the fused peak) can be shown.
# Arguments go to bench/run.mjs, e.g. `bash scripts/bench.sh --quick` or
# `--sizes A,B`, except these:
#   --no-gpt        skip the GPT tables
#   --gpt-only      only the GPT tables
#   --browser       the layer and GPT tables in Chromium too
#   --gpt-browser   the GPT table in Chromium too
# --quick and --sizes go to the Chromium layer table too; --quick runs the
# GPT tables with 2 layers.
set -euo pipefail
cd "$(dirname "$0")/.."
layer=1 gpt=1 browser=0 gpt_browser=0
args=() browser_args=() gpt_args=()
next_is_sizes=0
for a in "$@"; do
  if [ "$next_is_sizes" = 1 ]; then
    browser_args+=("$a") next_is_sizes=0
  fi
  case $a in
    --no-gpt) gpt=0; continue ;;
    --gpt-only) layer=0; continue ;;
    --browser) browser=1 gpt_browser=1; continue ;;
    --gpt-browser) gpt_browser=1; continue ;;
    --quick) browser_args+=("$a") gpt_args=(--layers 2 --samples 3 --warmup 1) ;;
    --sizes) browser_args+=("$a") next_is_sizes=1 ;;
  esac
  args+=("$a")
done
node_flags=(--no-experimental-fetch)
if node --v8-options | grep -q -- '--experimental-wasm-relaxed-simd'; then
  node_flags+=(--experimental-wasm-relaxed-simd)
fi
if [ "$layer" = 1 ]; then
  echo "node ${node_flags[*]} bench/run.mjs ${args[*]+"${args[*]}"}"
  node "${node_flags[@]}" bench/run.mjs "${args[@]+"${args[@]}"}"
  if [ "$browser" = 1 ]; then
    echo
    node bench/layer-browser.mjs "${browser_args[@]+"${browser_args[@]}"}"
  fi
fi
if [ "$gpt" = 1 ]; then
  echo
  node --no-experimental-fetch bench/gpt.mjs "${gpt_args[@]+"${gpt_args[@]}"}"
  if [ "$gpt_browser" = 1 ]; then
    echo
    node bench/gpt-browser.mjs "${gpt_args[@]+"${gpt_args[@]}"}"
  fi
fi

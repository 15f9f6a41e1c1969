#!/usr/bin/env bash
# Builds the tile harness (bench/tile/tune.cpp) twice into build/tile/:
# mul+add (SIMD128) and fused (relaxed SIMD, rewritten to the standard
# opcode as the core's relaxed build is). Run: bash bench/tile/build.sh, then
#   node --experimental-wasm-relaxed-simd bench/tile/tune.mjs [shapes] [configs]
# See cpp/src/kernels/TUNING.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
# em++ needs Debian's node modules (acorn) on NODE_PATH.
export NODE_PATH=/usr/share/nodejs
mkdir -p build/tile
flags=(-O3 -std=c++17 -msimd128 -sMODULARIZE -sEXPORT_ES6
  -sENVIRONMENT=web -sALLOW_MEMORY_GROWTH -sEXPORTED_FUNCTIONS=_setup,_run)
em++ "${flags[@]}" bench/tile/tune.cpp -o build/tile/tune_plain.mjs
em++ "${flags[@]}" -mrelaxed-simd -DFUSED bench/tile/tune.cpp \
  -o build/tile/tune_fused.mjs
node scripts/wasm-standard-relaxed.mjs build/tile/tune_fused.wasm

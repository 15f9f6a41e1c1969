#!/usr/bin/env bash
# The benchmark (after a build): bench/run.mjs prints one table of every
# implementation at sizes A-D (ours in wasm and native, onnxruntime-web,
# tfjs-backend-wasm, plain JS) and the wasm SIMD128 peak. Arguments go to
# it, e.g. `bash scripts/bench.sh --quick` or `--sizes A,B`.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --no-experimental-fetch bench/run.mjs "$@"

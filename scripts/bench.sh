#!/usr/bin/env bash
# Runs the forward-pass benchmark natively and in wasm under Node.
# Extra arguments go to both, e.g. `bash scripts/bench.sh --sizes A,B`.
set -euo pipefail
cd "$(dirname "$0")/.."
./build/native/mha_bench "$@"
node --no-experimental-fetch build/wasm/mha_bench.js "$@" | tail -n +2

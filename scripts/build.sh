#!/usr/bin/env bash
# Configures and builds the CMake presets: `native`, `wasm`, or both (default).
# The wasm preset writes the browser module to web/lib/wasm/; third-party
# browser files are copied to web/vendor/ first.
set -euo pipefail
cd "$(dirname "$0")/.."
# em++ needs Debian's node modules (acorn) on NODE_PATH.
export NODE_PATH=/usr/share/nodejs
bash scripts/vendor.sh
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(native wasm)
for preset in "${presets[@]}"; do
  if [ ! -f "build/$preset/CMakeCache.txt" ]; then
    cmake --preset "$preset" >/dev/null
  fi
  cmake --build --preset "$preset" -j "$(nproc)"
done
# The Emscripten module's declaration beside it, for checkJs over web/
# (tsconfig.json): the JS API (web/lib/mha.js) is its only importer.
if [ -f web/lib/wasm/mha_core.mjs ]; then
  cp scripts/mha_core.d.mts web/lib/wasm/mha_core.d.mts
fi

#!/usr/bin/env bash
# Configures and builds the CMake presets: `native`, `wasm`, or both (default).
# The wasm preset writes the browser module to web/lib/wasm/; third-party
# browser files are copied to web/vendor/ first.
#
#   bash scripts/build.sh [native] [wasm]   the presets' every target
#   bash scripts/build.sh --module          only the browser modules (targets
#                                           mha_wasm and mha_wasm_relaxed of
#                                           preset wasm): what `npm start`
#                                           serves; no tests
set -euo pipefail
cd "$(dirname "$0")/.."
# em++ needs Debian's node modules (acorn) on NODE_PATH.
export NODE_PATH=/usr/share/nodejs
module_only=0
if [ "${1:-}" = "--module" ]; then
  module_only=1
  shift
fi
bash scripts/vendor.sh
if [ "$module_only" -eq 1 ]; then
  if [ ! -f build/wasm/CMakeCache.txt ]; then
    # setup.sh --serve leaves out GoogleTest, which configuring the tests
    # needs; a later full build turns them back on (below).
    if [ -d /usr/src/googletest ]; then
      cmake --preset wasm >/dev/null
    else
      cmake --preset wasm -DBUILD_TESTING=OFF >/dev/null
    fi
  fi
  cmake --build --preset wasm --target mha_wasm mha_wasm_relaxed -j "$(nproc)"
else
  presets=("$@")
  [ ${#presets[@]} -gt 0 ] || presets=(native wasm)
  for preset in "${presets[@]}"; do
    cache="build/$preset/CMakeCache.txt"
    if [ ! -f "$cache" ]; then
      cmake --preset "$preset" >/dev/null
    elif grep -qx 'BUILD_TESTING:BOOL=OFF' "$cache"; then
      # Configured by --module without GoogleTest: build the tests too now.
      cmake --preset "$preset" -DBUILD_TESTING=ON >/dev/null
    fi
    cmake --build --preset "$preset" -j "$(nproc)"
  done
fi
# The Emscripten module's declaration beside it, for checkJs over web/
# (tsconfig.json): the JS API (web/lib/mha.js) is its only importer.
if [ -f web/lib/wasm/mha_core.mjs ]; then
  cp scripts/mha_core.d.mts web/lib/wasm/mha_core.d.mts
fi
if [ -f web/lib/wasm/mha_core_relaxed.mjs ]; then
  cp scripts/mha_core.d.mts web/lib/wasm/mha_core_relaxed.d.mts
fi

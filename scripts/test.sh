#!/usr/bin/env bash
# Runs every test suite against the current builds (scripts/build.sh first):
# the C++ core natively and compiled to wasm (ctest), the JS API in Node
# against the wasm (including an npm-pack smoke test), the TypeScript
# declarations (tsc), the page and API in Chromium (Playwright), and the
# habits that keep the code so: checkJs over web/ (tsconfig.json), the
# import-cycle check, and the house formats (Prettier, clang-format).
# Every suite runs even if an earlier one fails; the exit code is non-zero if
# any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
jobs=$(nproc)

failed=()
run() {
  local name=$1
  shift
  echo
  echo "=== $name: $*"
  if ! "$@"; then
    failed+=("$name")
  fi
}

run "C++ native" ctest --preset native -j "$jobs"
run "C++ wasm" ctest --preset wasm -j "$jobs"
run "JS API (Node)" node --test tests/js/
run "TypeScript declarations" npx --no-install tsc -p tests/types/tsconfig.json
run "TypeScript checkJs over web/" npx --no-install tsc -p tsconfig.json
run "Import cycles in web/" node scripts/check-import-cycles.mjs web
run "Formatting" bash scripts/check-format.sh
run "Fuzz smoke (libFuzzer, ASan, UBSan)" bash scripts/fuzz.sh --smoke
run "Browser (Chromium)" node --test tests/browser/

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED suites: ${failed[*]}"
  exit 1
fi
echo "All test suites passed."

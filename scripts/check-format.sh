#!/usr/bin/env bash
# The house formats, checked without writing: Prettier over the JS, CSS,
# HTML and Markdown the project writes, and clang-format (Google style,
# .clang-format) over every C++ file that git tracks. `npm run format`
# applies both.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
npx --no-install prettier --check web tests scripts bench docs README.md CHANGELOG.md || status=1
mapfile -t cpp < <(git ls-files '*.cpp' '*.h' '*.cc' '*.hpp')
if ! clang-format --dry-run -Werror "${cpp[@]}"; then
  status=1
fi
[ $status -eq 0 ] && echo "Formatting: clean (prettier, clang-format over ${#cpp[@]} C++ files)."
exit $status

#!/usr/bin/env bash
# Installs what the project needs, only what is missing; safe to run again.
#   1. Debian packages (as root with apt-get; otherwise prints the sudo line).
#   2. npm packages from package-lock.json (npm ci), when node_modules is stale.
#
#   bash scripts/setup.sh             everything: build, test, benchmark
#   bash scripts/setup.sh --serve     only what `npm start` needs to build
#                                     the browser module and serve the page
#                                     (no GoogleTest, g++ or Chromium)
#   bash scripts/setup.sh --dry-run   say what would be installed, install
#                                     nothing (combines with --serve)
set -euo pipefail
cd "$(dirname "$0")/.."

serve=0
dry_run=0
for arg in "$@"; do
  case "$arg" in
    --serve) serve=1 ;;
    --dry-run) dry_run=1 ;;
    *)
      echo "setup: unknown option $arg (use --serve and/or --dry-run)" >&2
      exit 2
      ;;
  esac
done

if [ "$serve" -eq 1 ]; then
  # emcmake's build runs through CMake's default generator, make.
  packages=(emscripten libeigen3-dev nlohmann-json3-dev cmake make)
else
  packages=(emscripten libeigen3-dev nlohmann-json3-dev libgtest-dev cmake g++ chromium clang libclang-rt-14-dev llvm)
fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Node and npm may come from elsewhere than Debian; install Debian's only if
# the commands are missing.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if [ "$dry_run" -eq 1 ]; then
  echo "setup: dry run; checks ${packages[*]}, node, npm"
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: would install: ${missing[*]}"
  else
    echo "setup: no Debian package missing"
  fi
elif [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "setup: these Debian packages are missing: ${missing[*]}" >&2
    echo "setup: install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# npm ci only when the lock file changed since the last install.
stamp=node_modules/.setup-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  if [ "$dry_run" -eq 1 ]; then
    echo "setup: would run npm ci"
  else
    echo "setup: npm ci"
    npm ci --no-audit --no-fund
    cp package-lock.json "$stamp"
  fi
elif [ "$dry_run" -eq 1 ]; then
  echo "setup: node_modules is up to date"
fi

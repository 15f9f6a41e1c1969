#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (the `fuzz` CMake preset: clang,
# ASan, UBSan) and runs them.
#
#   bash scripts/fuzz.sh [seconds-per-target] [target...]
#       Fuzzes each target (default: all) for the given time (default 60 s),
#       over a scratch copy of its seed corpus, so the committed corpus
#       (tests/fuzz/corpus/<target>/) never grows.
#   bash scripts/fuzz.sh --smoke
#       For `npm test`: runs every committed corpus file once through its
#       target, then fuzzes each target for 3 s.
#
# Prints each target's executions (libFuzzer's stat::number_of_executed_units)
# and exits non-zero if any target crashed, leaked, hit undefined behaviour
# or broke a property; the input that did it is kept under
# build/fuzz/artifacts/<target>/ and its path printed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

all_targets=(fuzz_checkpoint fuzz_weights_json fuzz_attention fuzz_safetensors fuzz_pretrained)

# Longest input libFuzzer may make, per target: room for the largest seed
# and a little more.
max_len() {
  case $1 in
    fuzz_checkpoint) echo 8192 ;;
    fuzz_weights_json) echo 4096 ;;
    fuzz_attention) echo 5120 ;; # n 16, d_model 32: 4,736 bytes
    fuzz_safetensors) echo 4096 ;;
    fuzz_pretrained) echo 8192 ;; # the 2-layer seeds: about 5 KB
    *) echo 4096 ;;
  esac
}

# A libFuzzer dictionary of the tokens the target's input format uses.
dict_flag() {
  case $1 in
    fuzz_checkpoint | fuzz_weights_json | fuzz_safetensors | fuzz_pretrained) echo "-dict=tests/fuzz/json.dict" ;;
  esac
}

usage() {
  # The comment block at the top of this file.
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

smoke=0
seconds=60
targets=()
if [ "${1:-}" = "--smoke" ]; then
  smoke=1
  seconds=3
  shift
elif [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  usage
  exit 0
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  if [[ " ${all_targets[*]} " != *" $target "* ]]; then
    echo "fuzz.sh: unknown target '$target' (known: ${all_targets[*]})" >&2
    exit 2
  fi
done

# ---- Build -------------------------------------------------------------------
if [ ! -f build/fuzz/CMakeCache.txt ]; then
  cmake --preset fuzz >/dev/null || exit 1
fi
cmake --build --preset fuzz || exit 1
bin=build/fuzz/tests/fuzz

# libFuzzer's memory limit per target (MHA_FUZZ_RSS_MB overrides it).
rss_mb=${MHA_FUZZ_RSS_MB:-2048}
# Sanitizers: stop at the first report, with a stack.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:symbolize=1}"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/mha-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

failed=()
summary=()

# Prints what failed from a libFuzzer log: the sanitizer's report, the
# project's own stack frames, and the input (a crash file, or the seed).
report_failure() {
  local target=$1 log=$2 kept=build/fuzz/artifacts/$1/last-failure.log
  cp "$log" "$kept"
  echo "--- $target FAILED (whole log: $kept)"
  grep -E "ERROR: |SUMMARY: |runtime error: |deadly signal" "$log" | head -5
  grep -E "^ +#[0-9]+ .* [^ ]*(cpp/src|cpp/include|tests/fuzz)/[^ ]+\.(cpp|h):[0-9]" "$log" |
    sed -E 's/^ +(#[0-9]+) 0x[0-9a-f]+ in /  \1 /' | cut -c1-200 | head -12
  grep -o "Test unit written to .*" "$log" | sort -u
  grep "^Running: " "$log" | tail -1
}

for target in "${targets[@]}"; do
  corpus=tests/fuzz/corpus/$target
  artifacts=build/fuzz/artifacts/$target
  mkdir -p "$artifacts" "$scratch/$target/corpus"
  if [ -d "$corpus" ]; then
    cp -r "$corpus/." "$scratch/$target/corpus/"
  fi
  len=$(max_len "$target")
  dict=$(dict_flag "$target")
  echo
  echo "=== $target: ${seconds}s, -max_len=$len"

  if [ $smoke -eq 1 ] && [ -d "$corpus" ]; then
    # Every committed seed once (a file past -max_len is still read whole).
    log=$scratch/$target/seeds.log
    if ! "$bin/$target" -rss_limit_mb="$rss_mb" -artifact_prefix="$artifacts/" \
      "$corpus"/* \
      >"$log" 2>&1; then
      report_failure "$target" "$log"
      failed+=("$target")
      summary+=("$target: FAILED on a committed seed")
      continue
    fi
    echo "ran $(find "$corpus" -type f | wc -l) committed seeds once"
  fi

  log=$scratch/$target/fuzz.log
  "$bin/$target" \
    -max_len="$len" \
    ${dict:+"$dict"} \
    -max_total_time="$seconds" \
    -timeout=10 \
    -rss_limit_mb="$rss_mb" \
    -print_final_stats=1 \
    -artifact_prefix="$artifacts/" \
    "$scratch/$target/corpus" >"$log" 2>&1
  status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE "cov: [0-9]+ ft: [0-9]+" "$log" | tail -1)
  if [ $status -ne 0 ]; then
    report_failure "$target" "$log"
    failed+=("$target")
    summary+=("$target: FAILED (exit $status) after ${execs:-?} executions")
  else
    summary+=("$target: ${execs:-?} executions (${rate:-?}/s), $cov")
  fi
  echo "${summary[-1]}"
done

echo
echo "=== Fuzzing summary (${seconds}s per target)"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED targets: ${failed[*]} (inputs under build/fuzz/artifacts/)"
  exit 1
fi

#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz (the fuzz preset: clang with
# ASan and UBSan) and fuzzes each target for a while, one after the other.
#   scripts/fuzz.sh [TARGET|all] [SECONDS]    default: all targets, 60 seconds each
# Each target starts from a temporary copy of tests/fuzz/corpus/<target>/, so
# the committed corpus is never written. A crash, sanitizer report, leak,
# timeout (10 s for one input) or memory blow-up (2 GB) fails the target; its
# input is kept in build-fuzz/findings/<target>/ (see docs/fuzzing.md).
# FUZZ_CORPUS_OUT=DIR keeps each target's grown corpus in DIR/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(csv identity config report_template scb_template xlsx plugin_section)
# Dictionaries per target: TOML syntax for the TOML readers, then the target's keys.
dictionaries_of() {
  case "$1" in
    config|report_template|scb_template) echo "tests/fuzz/dict/toml.dict tests/fuzz/dict/$1.dict" ;;
    *) echo "tests/fuzz/dict/$1.dict" ;;
  esac
}

usage() { echo "usage: scripts/fuzz.sh [all|TARGET] [SECONDS]   (targets: ${TARGETS[*]})" >&2; exit 2; }
what=${1:-all}
seconds=${2:-60}
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || usage
if [ "$what" = all ]; then
  selected=("${TARGETS[@]}")
elif [[ " ${TARGETS[*]} " == *" $what "* ]]; then
  selected=("$what")
else
  usage
fi

# As a gate (FUZZ_GATE=1, which scripts/test.sh and so CI set; or CI=true)
# every target runs with seed 1 (FUZZ_SEED overrides it) and stops after a
# fixed number of inputs (runs_of, about 45 s on a 2-core CI machine; SECONDS
# stays as a cap): the same commit then tries very nearly the same inputs on
# any machine, so a gate's verdict can be rehearsed and a finding replayed. Run by
# hand, each run takes a random seed and explores for SECONDS.
gate=${FUZZ_GATE:-}
[ "${CI:-}" = true ] && gate=1
seed_option=()
if [ -n "${FUZZ_SEED:-}" ]; then seed_option=(-seed="$FUZZ_SEED")
elif [ -n "$gate" ]; then seed_option=(-seed=1)
fi
runs_of() {
  [ -n "$gate" ] || { echo -1; return; }
  case "$1" in
    csv) echo 20000 ;;
    identity) echo 6000000 ;;
    config) echo 80000 ;;
    report_template) echo 100000 ;;
    scb_template) echo 150000 ;;
    xlsx) echo 600000 ;;
    plugin_section) echo 1700000 ;;
  esac
}

echo "== fuzz: configure, build"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$(nproc)"

work=$(mktemp -d "${TMPDIR:-/tmp}/esfreport-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
for target in "${selected[@]}"; do
  dir="$work/$target"
  mkdir -p "$dir/corpus" "$dir/artifacts" "$dir/tmp"
  cp -R "tests/fuzz/corpus/$target/." "$dir/corpus/"
  # shellcheck disable=SC2046
  cat $(dictionaries_of "$target") >"$dir/dict"
  echo "== fuzz: $target for ${seconds}s"
  status=0
  # TMPDIR: the harnesses' scratch files go with the rest of this run.
  TMPDIR="$dir/tmp" "build-fuzz/bin/fuzz_$target" "${seed_option[@]}" \
    -max_total_time="$seconds" -runs="$(runs_of "$target")" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="$dir/dict" -artifact_prefix="$dir/artifacts/" "$dir/corpus" >"$dir/log" 2>&1 || status=$?

  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
  coverage=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$dir/log" | tail -n 1 || true)
  inputs=$(find "$dir/corpus" -type f | wc -l)
  summary="${execs:-?} executions, ${coverage:-cov: ?}, corpus $inputs inputs"
  if [ "$status" -eq 0 ] && [ -z "$(ls -A "$dir/artifacts")" ]; then
    passed=$((passed + 1))
    echo "fuzz: $target: passed, $summary"
  else
    failed=$((failed + 1))
    mkdir -p "build-fuzz/findings/$target"
    cp -R "$dir/artifacts/." "build-fuzz/findings/$target/"
    cp "$dir/log" "build-fuzz/findings/$target/fuzz.log"
    # The report: from the first sanitizer or check message to the end.
    sed -n '/ERROR: \|runtime error\|fuzz check failed\|==[0-9]*==/,$p' "$dir/log" | head -n 80
    echo "fuzz: $target: FAILED (exit status $status), $summary"
    echo "fuzz: $target: input and log kept in build-fuzz/findings/$target/"
  fi
  if [ -n "${FUZZ_CORPUS_OUT:-}" ]; then
    mkdir -p "$FUZZ_CORPUS_OUT/$target"
    cp -R "$dir/corpus/." "$FUZZ_CORPUS_OUT/$target/"
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

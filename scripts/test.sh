#!/usr/bin/env bash
# Installs what is needed, builds everything and runs all tests through CTest:
# first the normal build (warnings as errors, build-test/), then the same tests
# under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/), then a
# short fuzz run of every fuzz target (build-fuzz/, scripts/fuzz.sh).
#   scripts/test.sh             all three (what CI runs)
#   scripts/test.sh --no-fuzz   the normal and the sanitizer build, no fuzzing
#   scripts/test.sh --fast      the normal build only
#   scripts/test.sh --sanitize  the sanitizer build only
# FUZZ_SECONDS sets the fuzz time per target (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

presets=(test asan)
fuzz=1
case "${1:-}" in
  --fast) presets=(test); fuzz=0 ;;
  --sanitize) presets=(asan); fuzz=0 ;;
  --no-fuzz) fuzz=0 ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--fast|--sanitize|--no-fuzz]" >&2; exit 2 ;;
esac

for preset in "${presets[@]}"; do
  echo "== $preset: configure, build, test"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j"$(nproc)"
  ctest --preset "$preset"
done

if [ "$fuzz" -eq 1 ]; then
  # A gate: fixed seed and number of inputs per target (scripts/fuzz.sh).
  FUZZ_GATE=1 bash scripts/fuzz.sh all "${FUZZ_SECONDS:-60}"
fi

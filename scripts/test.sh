#!/usr/bin/env bash
# Installs what is needed, builds everything and runs all tests through CTest:
# first the normal build (warnings as errors, build-test/), then the same tests
# under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/).
#   scripts/test.sh             both (what CI runs)
#   scripts/test.sh --fast      the normal build only
#   scripts/test.sh --sanitize  the sanitizer build only
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

presets=(test asan)
case "${1:-}" in
  --fast) presets=(test) ;;
  --sanitize) presets=(asan) ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--fast|--sanitize]" >&2; exit 2 ;;
esac

for preset in "${presets[@]}"; do
  echo "== $preset: configure, build, test"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j"$(nproc)"
  ctest --preset "$preset"
done

#!/usr/bin/env bash
# Installs what is needed, builds everything and runs all tests through CTest.
#   scripts/test.sh            the normal build (build-test/)
#   scripts/test.sh --sanitize the same under AddressSanitizer + UBSan (build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
preset=test
if [ "${1:-}" = "--sanitize" ]; then preset=asan; fi
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)"
ctest --preset "$preset"

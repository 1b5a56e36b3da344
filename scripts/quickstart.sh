#!/usr/bin/env bash
# Installs what is needed, builds esfreport and runs it on the bundled example
# (Örebro län's six subprojects). Output: out/orebro/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)"
./build/bin/esfreport run examples/orebro/esfreport.toml --out out/orebro
echo
echo "Done. Open out/orebro/: the final report (XLSX, PDF), the per-participant time workbooks (one per subproject), manifest.json, rejected.csv."

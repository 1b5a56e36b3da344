#!/usr/bin/env bash
# Reading benchmark of the sql plugin: one generated project read by
# `esfreport validate` three ways - from its CSV files (csv plugin), from one
# SQLite file per subproject, and from PostgreSQL (one schema per subproject
# in a throw-away cluster, tests/support/pg_cluster.sh). Prints rows/s and
# peak RSS per source; figures are measured, never asserted (bench/README.md).
#
# Usage: bench/sql.sh [--size PERSONS:HOURS_ROWS:SUBPROJECTS] [--work DIR] [--build DIR] [--no-build]
#   default size 10000:1000000:10; the national scale is 1000000:100000000:1000.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$repo/build-bench"
work=/tmp/esfreport-bench-sql
size="10000:1000000:10"
no_build=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size="$2"; shift ;;
    --work) work="$2"; shift ;;
    --build) build="$2"; shift ;;
    --no-build) no_build=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "bench/sql.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
IFS=: read -r persons hours subprojects <<<"$size"

if [[ $no_build == 0 ]]; then
  echo "== build (Release) in $build" >&2
  cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
  cmake --build "$build" --target esfreport esfreport_plugin_csv esfreport_plugin_sql esfreport-bench-generate -j2 >/dev/null
fi
bin="$build/bin"

rm -rf "$work"
mkdir -p "$work"
dir="$work/project"
"$bin/esfreport-bench-generate" --persons "$persons" --subprojects "$subprojects" --hours-rows "$hours" --out "$dir" >/dev/null

state="$work/pg.state"
trap '"$repo/tests/support/pg_cluster.sh" stop "$state"' EXIT
cluster="$("$repo/tests/support/pg_cluster.sh" start "$state")"
socket="$cluster/socket"
psql -X -q -h "$socket" -U esf_admin -d postgres -c "CREATE DATABASE bench"

# The same project three ways: the sql plugin's default tables per subproject.
sed -e 's|^plugin = "csv"|plugin = "sql"|' -e 's|^source = "data/\(sp[0-9]*\)"|source = "sqlite:db/\1.db"|' \
  "$dir/project.toml" >"$dir/sqlite.toml"
sed -e 's|^plugin = "csv"|plugin = "sql"|' \
  -e "s|^source = \"data/\\(sp[0-9]*\\)\"|source = \"postgresql:///bench?host=$socket\\&user=esf_admin\\&options=-csearch_path%3D\\1\"|" \
  "$dir/project.toml" >"$dir/postgresql.toml"
load_start=$(date +%s)
for sp in "$dir"/data/*/; do
  id="$(basename "$sp")"
  /usr/bin/python3 "$repo/examples/orebro/build_sqlite.py" "$sp" "$dir/db/$id.db"
  {
    echo "CREATE SCHEMA $id; SET search_path = $id;"
    sqlite3 "$dir/db/$id.db" .schema | grep '^CREATE TABLE'
    for f in participants hours assessments; do
      [[ ! -f "$sp/$f.csv" ]] || echo "\\copy $f ($(head -n 1 "$sp/$f.csv")) FROM '$sp/$f.csv' WITH (FORMAT csv, HEADER true)"
    done
  } | psql -X -q -h "$socket" -U esf_admin -d bench -v ON_ERROR_STOP=1
done
echo "loaded SQLite and PostgreSQL in $(( $(date +%s) - load_start )) s" >&2

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB RAM; size $size"
printf '%-11s %9s %12s %10s %12s\n' source wall_s rows/s peak_MB rows_read
for source in csv sqlite postgresql; do
  config="$dir/project.toml"
  [[ $source != csv ]] && config="$dir/$source.toml"
  /usr/bin/time -v "$bin/esfreport" validate "$config" --quiet >"$work/$source.out" 2>"$work/$source.time"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$source.time" |
         awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$source.time")
  rows=$(awk '$1 == "total" {print $2}' "$work/$source.out")
  printf '%-11s %9.2f %12.0f %10.0f %12s\n' "$source" "$wall" "$(echo "$rows / $wall" | bc -l)" "$((peak / 1024))" "$rows"
done

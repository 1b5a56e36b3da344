#!/usr/bin/env bash
# Side-by-side benchmark: what a user would pick instead of esfreport (a pandas
# script, the same tables in DuckDB's SQL engine) and esfreport itself, on the
# same generated project, in one run. Prints wall time, peak RSS and the ratio
# of each reference to esfreport. Absolute times vary with the machine's load;
# the ratios much less, which is why everything runs here, one after another.
#
# Usage: bench/compare.sh [g1|g2|N:S:R:H:A] [--work DIR] [--build DIR] [--no-build] [--keep]
#                         [--skip-pandas] [--skip-duckdb] [--esfreport-args "..."]
#   g1 = 100000:60:6:1000000:200000      (about 42 MB of CSV)
#   g2 = 1000000:300:21:10000000:2000000 (about 406 MB of CSV, ~875,000 unique persons)
#   N:S:R:H:A  persons, subprojects, regions, hour rows, assessments (bench/reference/gen.py)
#   --esfreport-args  extra arguments for `esfreport run` (e.g. "--no-participant-time-sheet")
#   --no-build        use the esfreport already built in --build (e.g. build-test, RelWithDebInfo)
#
# The references (bench/reference/, copied from the project brief's shared bench
# folder) compute tables 1, 2, 3 and 5 without validation; esfreport validates
# every row and writes every table (XLSX and PDF), rejected.csv and the manifest.
# Needs python3-numpy/pandas/xlsxwriter (Debian) and node with npm for DuckDB's
# package; the script installs what is missing (apt-get, and npm into --work).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size=g1
work=/tmp/esfreport-compare
build="$repo/build-bench"
keep=0
no_build=0
skip_pandas=0
skip_duckdb=0
esf_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    g1|g2|*:*:*:*:*) size="$1" ;;
    --work) work="$2"; shift ;;
    --build) build="$2"; shift ;;
    --keep) keep=1 ;;
    --no-build) no_build=1 ;;
    --skip-pandas) skip_pandas=1 ;;
    --skip-duckdb) skip_duckdb=1 ;;
    --esfreport-args) read -r -a esf_args <<<"$2"; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "bench/compare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
case "$size" in
  g1) spec=100000:60:6:1000000:200000 ;;
  g2) spec=1000000:300:21:10000000:2000000 ;;
  *) spec="$size" ;;
esac
IFS=: read -r persons subprojects regions hours assessments <<<"$spec"

sudo_=""
[[ $(id -u) == 0 ]] || sudo_=sudo
need_apt=()
for p in python3-numpy python3-pandas python3-xlsxwriter time; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$p")
done
if [[ $skip_duckdb == 0 ]] && ! command -v npm >/dev/null; then need_apt+=(nodejs npm); fi
if [[ ${#need_apt[@]} -gt 0 ]]; then
  echo "bench/compare.sh: installing ${need_apt[*]}" >&2
  $sudo_ apt-get update -qq && $sudo_ apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

mkdir -p "$work"
if [[ $skip_duckdb == 0 && ! -d $work/duckdb/node_modules/@duckdb/node-api ]]; then
  echo "bench/compare.sh: npm install of DuckDB's package into $work/duckdb" >&2
  mkdir -p "$work/duckdb"
  cp "$repo/bench/reference/package.json" "$repo/bench/reference/duckdb_ref.mjs" "$work/duckdb/"
  (cd "$work/duckdb" && npm install --no-audit --no-fund --silent >/dev/null)
fi
cp "$repo/bench/reference/duckdb_ref.mjs" "$work/duckdb/" 2>/dev/null || true

if [[ $no_build == 0 ]]; then
  echo "== build (Release) in $build" >&2
  cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
  cmake --build "$build" --target esfreport esfreport_plugin_csv -j"$(nproc)" >/dev/null
fi
esfreport="$build/bin/esfreport"

project="$work/project-$persons-$subprojects-$regions-$hours-$assessments"
if [[ ! -f $project/project.toml ]]; then
  echo "== generating $spec into $project" >&2
  rm -rf "$project"
  /usr/bin/python3 "$repo/bench/reference/gen.py" "$project" "$persons" "$subprojects" "$regions" "$hours" "$assessments" 1 >&2
fi
csv_mb=$(du -sLm --apparent-size "$project" | cut -f1)

timed() {  # timed NAME CMD... : runs CMD under GNU time; sets wall, peak_mb, rc
  local name="$1"; shift
  rc=0
  /usr/bin/time -v "$@" >"$work/$name.out" 2>"$work/$name.time" || rc=$?
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$name.time" |
         awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  peak_mb=$(( $(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time") / 1024 ))
}

declare -A W P R
run_one() {  # run_one NAME CMD...
  local name="$1"; shift
  echo "== $name" >&2
  timed "$name" "$@"
  W[$name]=$wall; P[$name]=$peak_mb; R[$name]=$rc
  if [[ $rc != 0 ]]; then
    echo "  $name failed (exit $rc); last lines:" >&2
    tail -n 5 "$work/$name.time" >&2
  fi
}

order=()
if [[ $skip_pandas == 0 ]]; then
  run_one pandas_ref /usr/bin/python3 "$repo/bench/reference/pandas_ref.py" "$project" "$work/pandas.xlsx"; order+=(pandas_ref)
fi
if [[ $skip_duckdb == 0 ]]; then
  rm -rf "$work/duckdb-out"
  run_one duckdb_ref node "$work/duckdb/duckdb_ref.mjs" "$project" "$work/duckdb-out"; order+=(duckdb_ref)
fi
run_one "esfreport_validate" "$esfreport" validate "$project/project.toml" --quiet; order+=(esfreport_validate)
rm -rf "$work/esf-out"
run_one "esfreport_run" "$esfreport" run "$project/project.toml" --out "$work/esf-out" --quiet "${esf_args[@]}"; order+=(esfreport_run)

echo
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB RAM; commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "input: $spec ($csv_mb MB of CSV); esfreport run ${esf_args[*]:-(default options)}"
printf '%-20s %9s %9s %6s %16s %16s\n' tool wall_s peak_MB exit "esf_run/tool" "esf_validate/tool"
for name in "${order[@]}"; do
  printf '%-20s %9.2f %9s %6s %16s %16s\n' "$name" "${W[$name]}" "${P[$name]}" "${R[$name]}" \
    "$(awk -v a="${W[esfreport_run]}" -v b="${W[$name]}" 'BEGIN { printf "%.2f", a / b }')" \
    "$(awk -v a="${W[esfreport_validate]}" -v b="${W[$name]}" 'BEGIN { printf "%.2f", a / b }')"
done
echo "(a ratio below 1 means esfreport is faster than that tool)"

# The programme's unique participants must agree between the tools: a faster
# wrong answer is no answer.
if [[ $skip_pandas == 0 && ${R[pandas_ref]} == 0 ]]; then
  echo "pandas_ref:  $(grep -m1 'programme unique' "$work/pandas_ref.out" || true)"
fi
if [[ $skip_duckdb == 0 && ${R[duckdb_ref]} == 0 ]]; then
  echo "duckdb_ref:  $(grep -m1 'programme unique' "$work/duckdb_ref.out" || true)"
fi
if [[ ${R[esfreport_validate]} == 0 ]]; then
  echo "esfreport:   $(grep -m1 -E '^(participants|unique in programme)' "$work/esfreport_validate.out" | head -1)"
  echo "             $(grep -m1 '^unique in programme' "$work/esfreport_validate.out" || true)"
fi
[[ $keep == 1 ]] || rm -rf "$work/esf-out" "$work/duckdb-out" "$work/pandas.xlsx"
for name in "${order[@]}"; do [[ ${R[$name]} == 0 ]] || exit 1; done

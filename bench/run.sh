#!/usr/bin/env bash
# National-scale benchmark: builds Release, generates projects of growing size
# with esfreport-bench-generate and times `esfreport validate` and
# `esfreport run` under /usr/bin/time -v. Prints rows/s, wall time and peak
# RSS per size. See bench/README.md for measured results.
#
# Usage: bench/run.sh [--full] [--validate-only] [--sizes "PERSONS:HOURS_ROWS:SUBPROJECTS ..."]
#                     [--work DIR] [--build DIR] [--keep]
#   default sizes: 10000:1000000:10 and 100000:10000000:100
#   --full         also 1000000:100000000:1000 (about 2.7 GB of CSV: checked with df first);
#                  with the present report code `run` at that size takes hours (see README),
#                  so combine it with --validate-only
#   --validate-only  time only `esfreport validate` (ingestion), not `run`
#   --work DIR     where projects and outputs go (default /tmp/esfreport-bench)
#   --build DIR    build directory (default <repo>/build-bench)
#   --keep         keep generated projects (default: each is removed after its size)
#
# Profile hint (no perf needed): valgrind --tool=callgrind on a 10k-person
# project, or perf record -g if perf is available:
#   perf record -g -o /tmp/perf.data BUILD/bin/esfreport run WORK/p10000/project.toml --out /tmp/o --quiet
#   perf report -i /tmp/perf.data --no-children --sort symbol
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$repo/build-bench"
work=/tmp/esfreport-bench
sizes="10000:1000000:10 100000:10000000:100"
full=0
validate_only=0
keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --full) full=1 ;;
    --validate-only) validate_only=1 ;;
    --keep) keep=1 ;;
    --sizes) sizes="$2"; shift ;;
    --work) work="$2"; shift ;;
    --build) build="$2"; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[[ $full == 1 ]] && sizes="$sizes 1000000:100000000:1000"

# GNU time for peak RSS.
if [[ ! -x /usr/bin/time ]]; then
  echo "bench/run.sh: installing GNU time" >&2
  if [[ $(id -u) == 0 ]]; then apt-get install -y time >/dev/null; else sudo apt-get install -y time >/dev/null; fi
fi

echo "== build (Release) in $build" >&2
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target esfreport esfreport_plugin_csv esfreport-bench-generate -j2 >/dev/null
bin="$build/bin"

mkdir -p "$work"
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB RAM, $(uname -srm)"
printf '%-10s %-11s %-5s %-9s %9s %9s %12s %10s %9s %12s %9s %5s\n' \
  persons hours_rows sp step gen_s wall_s rows/s peak_MB in_MB rows_in rejected exit
timed() {  # timed LOG CMD... : runs CMD under time -v, leaves "wall_s peak_kb exit" in $timing
  local log="$1"; shift
  local rc=0
  /usr/bin/time -v "$@" >"$log.out" 2>"$log.time" || rc=$?
  local wall peak
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log.time" |
         awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log.time")
  timing="$wall $peak $rc"
}

for size in $sizes; do
  IFS=: read -r persons hours subprojects <<<"$size"
  dir="$work/p$persons-h$hours-s$subprojects"
  # About 29 bytes per hour row and 110 per participant, plus room for outputs.
  need_kb=$(( (hours * 30 + persons * 400) / 1024 + 512 * 1024 ))
  avail_kb=$(df -Pk "$work" | awk 'NR == 2 {print $4}')
  if (( avail_kb < need_kb )); then
    echo "bench/run.sh: $size needs about $((need_kb / 1024)) MB in $work, only $((avail_kb / 1024)) MB free: skipped" >&2
    continue
  fi
  rm -rf "$dir"
  gen_start=$(date +%s.%N)
  "$bin/esfreport-bench-generate" --persons "$persons" --subprojects "$subprojects" --hours-rows "$hours" --out "$dir" 2>/dev/null
  gen_s=$(echo "$(date +%s.%N) - $gen_start" | bc)
  in_mb=$(du -sm "$dir/data" | cut -f1)
  rows=$(( persons + hours + persons / 10 * 2 ))  # participants + hours + assessments (one person in ten, two each)

  steps=(validate)
  [[ $validate_only == 0 ]] && steps+=(run)
  for step in "${steps[@]}"; do
    if [[ $step == validate ]]; then
      timed "$dir/validate" "$bin/esfreport" validate "$dir/project.toml"
    else
      timed "$dir/run" "$bin/esfreport" run "$dir/project.toml" --out "$dir/out" --quiet
    fi
    read -r wall peak rc <<<"$timing"
    rate=$(echo "$rows / $wall" | bc)
    # validate's summary ends with "total READ ACCEPTED REJECTED"; run writes rejected.csv.
    if [[ $step == validate ]]; then
      rejected=$(awk '$1 == "total" && NF == 4 {r = $4} END {print (r == "" ? "?" : r)}' "$dir/validate.out")
    elif [[ -f $dir/out/rejected.csv ]]; then
      rejected=$(( $(wc -l <"$dir/out/rejected.csv") - 1 ))
    else
      rejected="?"
    fi
    printf '%-10s %-11s %-5s %-9s %9.1f %9.2f %12s %10s %9s %12s %9s %5s\n' \
      "$persons" "$hours" "$subprojects" "$step" "$gen_s" "$wall" "$rate" "$((peak / 1024))" "$in_mb" "$rows" "$rejected" "$rc"
    if [[ $rc != 0 ]]; then
      echo "  $step failed (exit $rc):" >&2
      grep -m 3 '^esfreport' "$dir/$step.time" >&2 || true
    fi
  done
  [[ $keep == 1 ]] || rm -rf "$dir"
done

#!/usr/bin/env bash
# End-to-end benchmark of `computegate check`: CSV order book in, JSON lines out; or, with --whatif,
# of `computegate whatif SCENARIO --orders BOOK` (baseline and scenario decided in one streamed pass).
#
#   bench/e2e.sh [--lines N] [--runs R] [--as-written] [--whatif SCENARIO.yaml] [-- EXTRA ARGS...]
#
# Generates (once, cached) a synthetic book with bench/gen-orders.py (seed 42) in
# ${TMPDIR:-/tmp}/computegate-bench/, runs the CLI once on a 1,000-line book as a warm-up (the
# ./computegate wrapper builds Release on first use, which is not timed), then times R runs (default
# 3) of `check BOOK --format jsonl --out OUT` with /usr/bin/time, checks that every run wrote exactly
# one JSON line per data line, and prints wall seconds, lines/s and peak RSS per run and the median.
# Every run logs its decisions to a new, empty SQLite store in the work directory (COMPUTEGATE_DB), whose
# size is printed too; set COMPUTEGATE_BENCH_DB to log to another store (e.g. a PostgreSQL connection string).
#
# COMPUTEGATE=/path/to/cli overrides the command (default ./computegate; the script runs from the
# repository root, so relative paths are taken from there).
# With --whatif, each run must exit 0 and print its migration table (the report goes to a file).
# Targets, 2 cores: check (issue: decide order lines) 1,000,000 lines in <= 20 s with <= 500 MB peak RSS;
# whatif (issue: what-if and exposure) 1,000,000 lines, baseline and one scenario, in <= 40 s.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

lines=1000000
runs=3
seed=42
check_args=()
scenario=""
usage() { sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --lines) [ $# -ge 2 ] || { echo "e2e: --lines needs a value" >&2; exit 2; }; lines="$2"; shift 2 ;;
    --lines=*) lines="${1#--lines=}"; shift ;;
    --runs) [ $# -ge 2 ] || { echo "e2e: --runs needs a value" >&2; exit 2; }; runs="$2"; shift 2 ;;
    --runs=*) runs="${1#--runs=}"; shift ;;
    --as-written) check_args+=(--as-written); shift ;;
    --whatif) [ $# -ge 2 ] || { echo "e2e: --whatif needs a scenario file" >&2; exit 2; }; scenario="$2"; shift 2 ;;
    --) shift; check_args+=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) echo "e2e: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$lines" =~ ^[1-9][0-9]*$ ]] || { echo "e2e: --lines must be a positive integer, got '$lines'" >&2; exit 2; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "e2e: --runs must be a positive integer, got '$runs'" >&2; exit 2; }

cg="${COMPUTEGATE:-./computegate}"
python=/usr/bin/python3
gen="$root/bench/gen-orders.py"
[ -x /usr/bin/time ] || { echo "e2e: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
[ -x "$python" ] || { echo "e2e: $python is missing" >&2; exit 1; }

cache="${TMPDIR:-/tmp}/computegate-bench"
mkdir -p "$cache"
work="$(mktemp -d "${TMPDIR:-/tmp}/computegate-e2e.XXXXXX")"
trap 'rm -rf "$work"' EXIT

book_name() { if [ "$1" -eq 1000000 ]; then echo "orders-1m.csv"; else echo "orders-$1.csv"; fi; }

# ensure_book N: prints the path of the cached N-line book, generating it when missing or older than
# the generator (written to a temporary name first, so an interrupted run leaves no truncated book).
ensure_book() {
  local n="$1" path
  path="$cache/$(book_name "$n")"
  if [ ! -s "$path" ] || [ "$gen" -nt "$path" ]; then
    echo "e2e: generating $path ($n lines, seed $seed)" >&2
    "$python" "$gen" --lines "$n" --seed "$seed" --out "$path.tmp.$$"
    mv -f "$path.tmp.$$" "$path"
  fi
  echo "$path"
}

# data_lines FILE: lines after the header
data_lines() { echo $(( $(wc -l < "$1") - 1 )); }

# check_output BOOK OUT WHAT: exactly one JSON object per line and one line per data line, or fail loudly
check_output() {
  local book="$1" out="$2" what="$3" want total json
  want="$(data_lines "$book")"
  [ -f "$out" ] || { echo "e2e: FAIL ($what): no output file $out" >&2; exit 1; }
  total="$(grep -c '' "$out" || true)"
  json="$(grep -c '^[[:space:]]*{' "$out" || true)"
  if [ "$total" -ne "$want" ] || [ "$json" -ne "$want" ]; then
    echo "e2e: FAIL ($what): the book has $want data lines, the output has $total lines of which $json are JSON objects" >&2
    exit 1
  fi
  # every line starts with '{'; parse the first and last 1,000 in full (the whole file would cost seconds)
  if ! { head -n 1000 "$out"; tail -n 1000 "$out"; } | "$python" -c '
import json, sys
for n, line in enumerate(sys.stdin, 1):
    try:
        if not isinstance(json.loads(line), dict):
            raise ValueError("not a JSON object")
    except ValueError as e:
        sys.exit(f"sampled line {n}: {e}: {line[:200]!r}")
'; then
    echo "e2e: FAIL ($what): the output is not JSON lines" >&2
    exit 1
  fi
}

warm_book="$(ensure_book 1000)"
book="$(ensure_book "$lines")"
n="$(data_lines "$book")"

# run_cg BOOK OUT: the command timed (check: decisions as JSON lines to OUT; whatif: the report to OUT)
run_cg() {
  if [ -n "$scenario" ]; then
    COMPUTEGATE_DB="${COMPUTEGATE_BENCH_DB:-$work/warm.db}" "$cg" whatif "$scenario" --orders "$1" ${check_args[@]+"${check_args[@]}"} > "$2"
  else
    COMPUTEGATE_DB="${COMPUTEGATE_BENCH_DB:-$work/warm.db}" "$cg" check "$1" --format jsonl --out "$2" ${check_args[@]+"${check_args[@]}"}
  fi
}

# verify BOOK OUT WHAT: check's output has one JSON line per data line; whatif's report has its migration table
verify() {
  if [ -n "$scenario" ]; then
    grep -q "Lines that migrate" "$2" || { echo "e2e: FAIL ($3): no migration table in $2" >&2; exit 1; }
  else
    check_output "$1" "$2" "$3"
  fi
}
if [ -n "$scenario" ]; then what="whatif $scenario --orders"; output_to="> "; format="table report"; else what="check"; output_to="--format jsonl --out "; format="--format jsonl"; fi

echo "e2e: warm-up: $cg $what $(basename "$warm_book") (1,000 lines; builds on first use, not timed)" >&2
if ! run_cg "$warm_book" "$work/warm.out"; then
  echo "e2e: FAIL: the warm-up run failed" >&2
  exit 1
fi
verify "$warm_book" "$work/warm.out" "warm-up"

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
walls=()
rss=()
dbs=()
for i in $(seq 1 "$runs"); do
  out="$work/run-$i.out"
  db="${COMPUTEGATE_BENCH_DB:-$work/store-$i.db}"
  echo "e2e: run $i/$runs: $cg $what $book $output_to$out${check_args[*]+ ${check_args[*]}}" >&2
  if [ -n "$scenario" ]; then
    COMPUTEGATE_DB="$db" /usr/bin/time -o "$work/time-$i" -f '%e s %M KB' "$cg" whatif "$scenario" --orders "$book" ${check_args[@]+"${check_args[@]}"} > "$out" && ok=1 || ok=0
  else
    COMPUTEGATE_DB="$db" /usr/bin/time -o "$work/time-$i" -f '%e s %M KB' "$cg" check "$book" --format jsonl --out "$out" ${check_args[@]+"${check_args[@]}"} && ok=1 || ok=0
  fi
  if [ "$ok" -ne 1 ]; then
    cat "$work/time-$i" >&2 2>/dev/null || true
    echo "e2e: FAIL: run $i exited non-zero" >&2
    exit 1
  fi
  verify "$book" "$out" "run $i"
  [ -z "$scenario" ] || [ "$i" -ne 1 ] || cp "$out" "$cache/whatif-report.txt"   # the report of run 1, kept for reading
  rm -f "$out"
  if [ -f "$db" ]; then dbs+=("$(du -cm "$db"* | tail -n 1 | cut -f1)"); rm -f "$db"*; else dbs+=(0); fi
  read -r wall _ kb _ < <(tail -n 1 "$work/time-$i")
  walls+=("$wall")
  rss+=("$kb")
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
wall_med="$(median "${walls[@]}")"
rss_med="$(median "${rss[@]}")"

echo
echo "computegate $what, end to end: $(basename "$book") ($(printf '%s' "$n" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') lines, seed $seed), $format${check_args[*]+ ${check_args[*]}}"
echo "command: $cg   machine: $(nproc) cores   date: $(date +%F)   load before: $load_before"
printf '%-8s %10s %12s %14s %10s\n' "run" "wall s" "lines/s" "peak RSS MB" "store MB"
for i in "${!walls[@]}"; do
  awk -v r="$((i + 1))" -v w="${walls[$i]}" -v k="${rss[$i]}" -v n="$n" -v d="${dbs[$i]}" \
    'BEGIN { printf "%-8s %10.2f %12.0f %14.1f %10s\n", r, w, (w > 0 ? n / w : 0), k / 1024, d }'
done
awk -v w="$wall_med" -v k="$rss_med" -v n="$n" \
  'BEGIN { printf "%-8s %10.2f %12.0f %14.1f\n", "median", w, (w > 0 ? n / w : 0), k / 1024 }'
if [ -n "$scenario" ]; then
  echo "target (1,000,000 lines, baseline and one scenario): <= 40 s wall"
else
  echo "target (1,000,000 lines): <= 20 s wall, <= 500 MB peak RSS"
fi

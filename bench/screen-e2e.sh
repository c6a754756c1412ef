#!/usr/bin/env bash
# End-to-end benchmark of screening: import the full lists, then `computegate screen NAMES.csv`.
#
#   bench/screen-e2e.sh [--names N] [--runs R]
#
# Imports into a fresh SQLite store (timed): the 2022 Consolidated Screening List (gzipped CSV), the
# OFAC SDN file (2024, with the 2026 alias and address files), the OFAC non-SDN files (2025) and the
# 2026 BIS Entity List (JSON), all read from ../shared/data by path. Then screens N names (default
# 100,000: the distinct end users of the generated order book, bench/gen-orders.py seed 42, which are
# ordinary company names, plus every 50th name listed in the CSV) with `screen --format jsonl`, R
# times (default 3), and prints wall seconds, names/s and peak RSS per run and the median.
# The figure includes process start, loading the lists from SQLite and building the index.
# Targets (issue: screen parties): >= 20,000 names/s on 2 cores; full CSL import <= 3 s; RSS <= 1 GB.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
names=100000
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --names) names="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "screen-e2e: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

data="$root/../shared/data"
[ -d "$data" ] || { echo "screen-e2e: $data not found (the shared lists sit beside the repository)" >&2; exit 2; }
cg="${COMPUTEGATE:-./computegate}"
work="${TMPDIR:-/tmp}/computegate-bench"
mkdir -p "$work"
db="$work/screen-bench.db"
rm -f "$db" "$db-wal" "$db-shm"

"$cg" catalog >/dev/null   # builds the CLI once (not timed)

timed() {   # label, command...
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null
  read -r secs kb < "$work/time.txt"
  printf '%-34s %6.2f s  %5d MB\n' "$label" "$secs" $((kb / 1024))
}

timed "import CSL 2022 (gz)" "$cg" lists import "$data/csl/consolidated_2022-05.csv.gz" --db "$db"
timed "import OFAC SDN + alt + add" "$cg" lists import "$data/ofac/sdn_2024-07-02.csv" --aliases "$data/ofac/alt_2026-06.csv" --addresses "$data/ofac/add_2026-06.csv" --db "$db"
timed "import OFAC non-SDN + alt + add" "$cg" lists import "$data/ofac/cons_prim_2025-12.csv" --aliases "$data/ofac/cons_alt_2025-12.csv" --addresses "$data/ofac/cons_add_2025-12.csv" --db "$db"
timed "import BIS Entity List 2026 (json)" "$cg" lists import "$data/bis_2026/bis_entity_list.json" --db "$db"

# Names: the order book's distinct end users (ordinary companies), then listed names.
book="$work/orders-1m.csv"
[ -f "$book" ] || python3 bench/gen-orders.py --lines 1000000 --seed 42 --out "$book"
file="$work/names-$names.csv"
python3 - "$book" "$data/csl/consolidated_2022-05.csv.gz" "$names" "$file" <<'PY'
import csv, gzip, sys
book, csl, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
listed = []
with gzip.open(csl, "rt", encoding="utf-8", newline="") as f:
    for i, row in enumerate(csv.DictReader(f)):
        if i % 50 == 0 and row.get("name"):
            listed.append((row["name"], ""))
users, seen = [], set()
with open(book, encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        key = row["end_user"]
        if key not in seen:
            seen.add(key)
            users.append((key, row["end_user_country"] if len(row["end_user_country"]) == 2 else ""))
        if len(users) + len(listed) >= n:
            break
rows = (users + listed)[:n]
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "name", "country"])
    for i, (name, country) in enumerate(rows):
        w.writerow([i, name, country])
print(f"{len(rows):,} names ({len(listed):,} listed) in {out}", file=sys.stderr)
PY

secs=()
for r in $(seq 1 "$runs"); do
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$cg" screen "$file" --format jsonl --db "$db" --org-types "$data/name_matching/org_types.yml" > "$work/screen-out.jsonl"
  read -r s kb < "$work/time.txt"
  lines=$(wc -l < "$work/screen-out.jsonl")
  [ "$lines" -eq "$names" ] || { echo "screen-e2e: run $r wrote $lines lines for $names names" >&2; exit 1; }
  hits=$(grep -c '"decision":"HIT"' "$work/screen-out.jsonl" || true)
  printf 'run %d: %6.2f s  %8.0f names/s  %5d MB  (%d HIT)\n' "$r" "$s" "$(echo "$names / $s" | bc -l)" $((kb / 1024)) "$hits"
  secs+=("$s")
done
median=$(printf '%s\n' "${secs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'median: %.2f s, %.0f names/s (%d names, load %s)\n' "$median" "$(echo "$names / $median" | bc -l)" "$names" "$(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Load on the single-line check (BENCHMARKS.md): starts `computegate serve` on a fresh SQLite store (and on
# PostgreSQL when COMPUTEGATE_BENCH_PG is a connection string), makes an analyst key, and runs
# wrk -t2 -c32 -d15s --latency with bench/serve-check.lua. Release build. Do not run on a loaded machine.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/ComputeGate.Host -c Release -v q -nologo >/dev/null
bin=src/ComputeGate.Host/bin/Release/net10.0/computegate
run() {
  local store="$1" port="$2"
  local key; key=$("$bin" keys create --name "bench-$port-$RANDOM" --role analyst --db "$store")
  "$bin" serve --db "$store" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
  local pid=$!
  trap "kill $pid 2>/dev/null || true" EXIT   # the server goes with the script, whatever happens
  for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/api" && break; sleep 0.2; done
  echo "== $(basename "${store%%;*}") (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  API_KEY="$key" wrk -t2 -c32 -d5s -s bench/serve-check.lua "http://127.0.0.1:$port/api/checks" >/dev/null   # warm-up
  API_KEY="$key" wrk -t2 -c32 -d15s --latency -s bench/serve-check.lua "http://127.0.0.1:$port/api/checks"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
dir=$(mktemp -d)
run "$dir/bench.db" 5391
if [ -n "${COMPUTEGATE_BENCH_PG:-}" ]; then run "$COMPUTEGATE_BENCH_PG" 5392; fi
rm -rf "$dir"

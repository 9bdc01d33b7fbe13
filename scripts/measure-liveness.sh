#!/usr/bin/env bash
# Liveness when the process's CPU is saturated: the API pinned to one core
# (as a pod at its CPU limit), wrk on the other core driving cached public
# reads as fast as they go, and /health/live probed meanwhile on the API's
# port and on the internal listener (its own thread, where the Kubernetes
# probes go). With CPU shedding on (admission.cpu_target_ms), the excess
# is refused 503 and counted. Release build, SQLite, loopback only; stops
# by itself.
#   scripts/measure-liveness.sh        # 20 s of load, a probe every 100 ms
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20}
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)"; exit 1; }
[ "$(nproc)" -ge 2 ] || { echo "two cores are needed"; exit 1; }
cargo build --release -q --bin renfort
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
internal=$(free_port)
export RENFORT_CONFIG=/dev/null RENFORT_LOG__FILTER=warn DATABASE_URL="sqlite://$work/renfort.db"
./target/release/renfort seed --organizations 10 --missions 200 --volunteers 10 >/dev/null
RENFORT_HTTP__PORT=$port RENFORT_METRICS__PORT=$internal \
  RENFORT_LIMITS__SEARCH_MISS_PER_IP='{limit=100000000,period_secs=60}' \
  taskset -c 1 ./target/release/renfort serve >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done

probe() { # URL: one line of time_total per probe, while wrk runs
  local url=$1 out=$2
  for _ in $(seq 1 $((DURATION * 10 - 20))); do
    curl -s -o /dev/null -m 10 -w '%{time_total} %{http_code}\n' "$url" >>"$out" || echo "10 timeout" >>"$out"
    sleep 0.1
  done
}
taskset -c 0 wrk -t 2 -c 256 -d "${DURATION}s" "http://127.0.0.1:$port/v1/missions?limit=20" >"$work/wrk.txt" 2>&1 &
load=$!
sleep 1
taskset -c 0 bash -c "$(declare -f probe); DURATION=$DURATION probe http://127.0.0.1:$port/health/live $work/api.txt" &
probes=$!
taskset -c 0 bash -c "$(declare -f probe); DURATION=$DURATION probe http://127.0.0.1:$internal/health/live $work/internal.txt" &
wait "$load" "$probes" "$!"
summary() {
  sort -n "$1" | awk '{ t[NR] = $1 * 1000; if ($2 != "200") bad++ }
    END {
      p99 = int(NR * 0.99) + 1; if (p99 > NR) p99 = NR
      printf "%5d probes  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  not 200: %d\n",
        NR, t[int(NR * 0.5) + 1], t[p99], t[NR], bad
    }'
}
echo "load: $(grep -E 'Requests/sec' "$work/wrk.txt" | awk '{ print $2 }') req/s of cached listing on one core, $(grep -E 'Latency' "$work/wrk.txt" | awk '{ print "mean latency " $2 }')"
refused=$(grep -E 'Non-2xx' "$work/wrk.txt" | awk '{ print $NF }' || true)
total=$(grep -E 'requests in' "$work/wrk.txt" | awk '{ print $1 }')
echo "refused 503 for lack of CPU: ${refused:-0} of $total requests; shed counted: $(curl -fs "http://127.0.0.1:$internal/metrics" | grep -E '^renfort_admission_shed_total\{class="cpu"\}' | awk '{ print $2 }')"
echo "liveness on the API's port:      $(summary "$work/api.txt")"
echo "liveness on the internal port:   $(summary "$work/internal.txt")"

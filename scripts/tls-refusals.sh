#!/usr/bin/env bash
# A certificate the service cannot trust stops its start-up, with one line
# on stderr that names the setting to fix: an unknown certificate
# authority, or a server whose certificate is not for the host name asked.
# Run by CI against the TLS-only PostgreSQL and Redis of .ci/services.sh:
#
#   scripts/tls-refusals.sh /var/lib/postgresql/renfort-ci/tls [pg-port] [redis-tls-port]
set -euo pipefail
cd "$(dirname "$0")/.."
tls=${1:?usage: scripts/tls-refusals.sh TLS_DIR [PG_PORT] [REDIS_TLS_PORT]}
pg_port=${2:-5432}
redis_port=${3:-6380}
bin=${RENFORT_BIN:-target/debug/renfort}
[ -x "$bin" ] || cargo test --locked --no-run -q --test api
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# start NAME EXPECTED ENV...: runs `renfort serve` for at most 8 s.
# EXPECTED is `serves` (still running when stopped), or the setting that
# the one-line refusal must name.
start() {
  local name=$1 expected=$2 rc=0
  shift 2
  env -i PATH="$PATH" HOME="$work" RENFORT_CONFIG=/dev/null \
    RENFORT_HTTP__PORT=0 RENFORT_METRICS__PORT=0 RENFORT_LOG__FORMAT=json \
    RENFORT_AUTH__JWT_SECRET=tls-refusals-only-0123456789abcdef0123 \
    DATABASE_URL="sqlite://$work/renfort.db" "$@" \
    timeout 8 "$bin" serve >"$work/out" 2>"$work/err" || rc=$?
  if [ "$expected" = serves ]; then
    if [ "$rc" -eq 124 ]; then
      echo "ok   $name: started and served"
    else
      echo "FAIL $name: expected to serve, exited $rc: $(cat "$work/err")"
      failures=$((failures + 1))
    fi
    return
  fi
  local lines
  lines=$(wc -l <"$work/err")
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && [ "$lines" -eq 1 ] && grep -qF "$expected" "$work/err"; then
    echo "ok   $name: $(cat "$work/err")"
  else
    echo "FAIL $name: exit $rc, $lines line(s) on stderr, expected one naming $expected:"
    cat "$work/err"
    failures=$((failures + 1))
  fi
}

pg="postgres://postgres:postgres@localhost:$pg_port/postgres?sslmode=verify-full"
database=renfort_test_tls_$$
psql -q "$pg&sslrootcert=$tls/ca.crt" -c "CREATE DATABASE $database"
trap 'psql -q "$pg&sslrootcert=$tls/ca.crt" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)"; rm -rf "$work"' EXIT
start "PostgreSQL, verify-full, our CA" serves \
  DATABASE_URL="postgres://postgres:postgres@localhost:$pg_port/$database?sslmode=verify-full&sslrootcert=$tls/ca.crt"
start "PostgreSQL, unknown CA" database.url \
  DATABASE_URL="$pg&sslrootcert=$tls/other-ca.crt"
start "PostgreSQL, wrong host name" database.url \
  DATABASE_URL="postgres://postgres:postgres@127.0.0.1:$pg_port/postgres?sslmode=verify-full&sslrootcert=$tls/ca.crt"

start "Redis, rediss:// with our CA" serves \
  REDIS_URL="rediss://localhost:$redis_port" RENFORT_REDIS__CA_FILE="$tls/ca.crt"
start "Redis, unknown CA" redis.ca_file \
  REDIS_URL="rediss://localhost:$redis_port" RENFORT_REDIS__CA_FILE="$tls/other-ca.crt"
start "Redis, system trust store only" redis.ca_file \
  REDIS_URL="rediss://localhost:$redis_port"
start "Redis, wrong host name" redis.url \
  REDIS_URL="rediss://127.0.0.1:$redis_port" RENFORT_REDIS__CA_FILE="$tls/ca.crt"

if [ "$failures" -gt 0 ]; then
  echo "$failures TLS check(s) failed"
  exit 1
fi
echo "every TLS refusal names its setting"

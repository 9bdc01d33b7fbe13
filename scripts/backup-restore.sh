#!/usr/bin/env bash
# Backup and restore, rehearsed: a seeded PostgreSQL database is dumped
# (pg_dump, custom format), restored into a fresh database, and the
# restored one is checked as an operator would before sending traffic:
#   - `renfort migrate` has nothing to do (the schema came back whole);
#   - every table holds as many rows as the original;
#   - a journey passes on it: a seeded volunteer signs in and applies, the
#     public listing shows the seeded missions, a newcomer signs up.
# docs/OPERATIONS.md, "Backup and restore", is this procedure by hand.
#
#   PG_URL=postgres://postgres@127.0.0.1:5432/postgres scripts/backup-restore.sh
set -euo pipefail
cd "$(dirname "$0")/.."
admin=${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
base=${admin%/*}
bin=${RENFORT_BIN:-target/debug/renfort}
[ -x "$bin" ] || cargo test --locked --no-run -q --test api
source_db=renfort_backup_source_$$
restored_db=renfort_backup_restored_$$
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  for db in "$source_db" "$restored_db"; do
    psql -q "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export RENFORT_CONFIG=/dev/null RENFORT_LOG__FILTER=warn \
  RENFORT_AUTH__JWT_SECRET=backup-restore-check-0123456789abcdef0123

psql -q "$admin" -c "CREATE DATABASE $source_db" -c "CREATE DATABASE $restored_db"

echo "==> seeding $source_db"
seeded=$(DATABASE_URL="$base/$source_db" "$bin" seed --organizations 10 --missions 120 --volunteers 60)
echo "$seeded"
run=$(sed -n 's/.*sign in as seed-\([^-]*\)-v<n>@.*/\1/p' <<<"$seeded")
[ -n "$run" ] || fail "the seed did not say how its volunteers sign in"

echo "==> dumping (custom format) and restoring into $restored_db"
pg_dump --format=custom --no-owner --file="$work/renfort.dump" "$base/$source_db"
ls -l "$work/renfort.dump" | awk '{ print "dump: " $5 " bytes" }'
pg_restore --no-owner --exit-on-error --dbname="$base/$restored_db" "$work/renfort.dump"

echo "==> renfort migrate on the restored database"
migrated=$(DATABASE_URL="$base/$restored_db" "$bin" migrate)
echo "$migrated"
[ "$migrated" = "migrations: 0 applied now" ] || fail "the restored schema was incomplete: $migrated"

echo "==> row counts"
count_rows() {
  psql -At "$base/$1" -c "SELECT string_agg(format('SELECT %L AS t, count(*) AS n FROM %I', tablename, tablename), ' UNION ALL ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'" |
    psql -At "$base/$1"
}
count_rows "$source_db" >"$work/source.counts"
count_rows "$restored_db" >"$work/restored.counts"
diff -u "$work/source.counts" "$work/restored.counts" || fail "row counts differ"
echo "$(wc -l <"$work/source.counts") tables, $(awk -F'|' '{ s += $2 } END { print s }' "$work/source.counts") rows, equal"

echo "==> a journey on the restored database"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DATABASE_URL="$base/$restored_db" RENFORT_HTTP__PORT=$port RENFORT_METRICS__PORT=0 \
  RENFORT_DATABASE__MIGRATE_ON_START=false RENFORT_CHALLENGE__POLICY=off \
  RENFORT_AUTH__DEV_MAILBOX=true RENFORT_AUTH__COOKIE_SECURE=false \
  "$bin" serve >"$work/serve.log" 2>&1 &
server=$!
api=http://127.0.0.1:$port
for _ in $(seq 1 100); do curl -fsS "$api/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "$api/health/ready" | grep -q '"status":"ready"' || fail "the restored service is not ready: $(cat "$work/serve.log")"

json() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }
total=$(curl -fsS "$api/v1/missions?limit=50" | json "['items'].__len__()")
[ "$total" -gt 0 ] || fail "the public listing is empty"
token=$(curl -fsS -H 'content-type: application/json' \
  -d "{\"email\": \"seed-$run-v1@example.org\", \"password\": \"renfort seed password\", \"refresh_token_in_body\": true}" \
  "$api/v1/auth/login" | json "['access_token']")
mission=$(curl -fsS "$api/v1/missions?limit=50" | json "['items'][-1]['id']")
status=$(curl -s -o "$work/apply.json" -w '%{http_code}' -H "authorization: Bearer $token" \
  -H 'content-type: application/json' -d '{"motivation": "Restored, and still here to help."}' \
  "$api/v1/missions/$mission/participations")
case "$status" in
  201 | 409) ;;
  *) fail "applying on the restored database answered $status: $(cat "$work/apply.json")" ;;
esac
signup=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
  -d "{\"email\": \"after-restore@example.org\", \"first_name\": \"Après\", \"last_name\": \"Restauration\", \"birth_date\": \"$(date -d '30 years ago' +%F)\", \"postcode\": \"69003\", \"terms_accepted\": true, \"terms_version\": \"v1\"}" \
  "$api/v1/auth/signup")
echo "listing: $total missions on its first page; a seeded volunteer signed in and applied ($status); a signup answered $signup"
[ "$signup" = 202 ] || fail "a signup on the restored database answered $signup"
echo "backup and restore: passed"

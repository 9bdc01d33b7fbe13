#!/usr/bin/env bash
# Lints the PostgreSQL migrations with squawk (.squawk.toml), and fails on
# a finding not waived in the migration with a reason. The migrations up to
# BASELINE came before the rule: every deployment has applied them, and
# sqlx refuses a changed checksum, so they stay as written (on a fresh
# database they run on empty tables).
set -euo pipefail
cd "$(dirname "$0")/.."
BASELINE=20261207000029

command -v squawk >/dev/null || pip install --quiet squawk-cli

files=()
for file in migrations/postgres/*.sql; do
  version=$(basename "$file" | cut -d_ -f1)
  [ "$version" -gt "$BASELINE" ] && files+=("$file")
done
[ ${#files[@]} -gt 0 ] || { echo "no migration after $BASELINE"; exit 0; }

failed=0
for file in "${files[@]}"; do
  # A waiver says why.
  if grep -nE -- '--\s*squawk-ignore' "$file" | grep -vE -- '-- because .{10,}'; then
    echo "$file: a squawk waiver without '-- because <reason>'"
    failed=1
  fi
  # An index built concurrently cannot run in a transaction, nor beside
  # another statement (sqlx sends the file as one query).
  if grep -qiE 'CONCURRENTLY' "$file"; then
    if [ "$(head -n 1 "$file")" != "-- no-transaction" ]; then
      echo "$file: CONCURRENTLY needs '-- no-transaction' on its first line"
      failed=1
    fi
    if [ "$(grep -v '^\s*--' "$file" | tr -d '\n' | grep -o ';' | wc -l)" -gt 1 ]; then
      echo "$file: a concurrent index build must be the file's only statement"
      failed=1
    fi
  fi
done
squawk --config .squawk.toml --reporter gcc "${files[@]}" || failed=1
[ "$failed" = 0 ] && echo "squawk: ${#files[@]} migration(s) after $BASELINE, no finding left unwaived"
exit "$failed"

#!/usr/bin/env bash
# Runs the overbooking tests N times in a row (default 20) on the backends
# of the environment: SQLite, or PostgreSQL + Redis when the test URLs are set.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20}
cargo test -q --test api --no-run
pass=0
for i in $(seq 1 "$N"); do
  if cargo test -q --test api -- participations::two_hundred participations::one_volunteer >/dev/null 2>&1; then
    pass=$((pass + 1))
  else
    echo "run $i failed"
  fi
done
echo "$pass passed, $((N - pass)) failed"

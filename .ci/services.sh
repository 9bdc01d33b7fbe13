# Sourced by .ci/run: the production shape of the data services on this
# machine, for the suites that must pass over it.
#
# - A certificate authority of our own and a server certificate for the
#   name `localhost` only, so that `sslmode=verify-full` and `rediss://`
#   verify a real chain and a real host name (and 127.0.0.1, the same
#   server under a name the certificate does not hold, must be refused);
# - PostgreSQL serving that certificate (the cluster has `ssl = on`);
# - a second Redis, TLS only, on port 6380;
# - PgBouncer in transaction mode on port 6432, with
#   `max_prepared_statements` (PgBouncer 1.21 and later): the one setting
#   that lets sqlx's prepared statements through a transaction pooler.
#
# Everything lives under /var/lib/postgresql/renfort-ci (PostgreSQL keeps
# pointing at the certificate between runs).

CI_TLS_DIR=/var/lib/postgresql/renfort-ci/tls
CI_REDIS_TLS_PORT=6380
CI_POOLER_PORT=6432

# The CA, a server certificate it signed, and an unrelated CA (for the
# start-up refusal test). Made once; kept for the next runs.
make_test_certificates() {
  local dir=$CI_TLS_DIR
  if [ -f "$dir/.made-v2" ] && openssl x509 -checkend 86400 -noout -in "$dir/server.crt" >/dev/null; then
    return
  fi
  mkdir -p "$dir"
  (
    cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Renfort CI CA" \
      -keyout ca.key -out ca.crt 2>/dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Someone else's CA" \
      -keyout other-ca.key -out other-ca.crt 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
      -keyout server.key -out server.csr 2>/dev/null
    printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 \
      -extfile server.ext -out server.crt 2>/dev/null
    rm -f server.csr server.ext ca.srl
    touch .made-v2
  )
  chown -R postgres:postgres "$(dirname "$dir")"
  chmod 600 "$dir"/*.key
  # Redis runs as root here and reads the same key.
}

# PostgreSQL serves the test certificate; the change survives restarts.
postgres_with_test_certificate() {
  psql "$PG_URL" -qc "ALTER SYSTEM SET ssl = on" \
    -c "ALTER SYSTEM SET ssl_cert_file = '$CI_TLS_DIR/server.crt'" \
    -c "ALTER SYSTEM SET ssl_key_file = '$CI_TLS_DIR/server.key'" \
    -c "SELECT pg_reload_conf()" >/dev/null
  sleep 1
}

# Redis over TLS only, beside the plain one.
start_redis_tls() {
  if redis-cli -p "$CI_REDIS_TLS_PORT" --tls --cacert "$CI_TLS_DIR/ca.crt" ping >/dev/null 2>&1; then
    return
  fi
  mkdir -p /var/lib/redis-tls /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 0 --tls-port "$CI_REDIS_TLS_PORT" \
    --tls-cert-file "$CI_TLS_DIR/server.crt" --tls-key-file "$CI_TLS_DIR/server.key" \
    --tls-ca-cert-file "$CI_TLS_DIR/ca.crt" --tls-auth-clients no \
    --save "" --appendonly no --dir /var/lib/redis-tls --logfile /var/log/redis/ci-tls.log \
    --pidfile /var/lib/redis-tls/redis.pid
  for _ in $(seq 1 30); do
    redis-cli -p "$CI_REDIS_TLS_PORT" --tls --cacert "$CI_TLS_DIR/ca.crt" ping >/dev/null 2>&1 && return
    sleep 0.2
  done
  echo "Redis with TLS did not start" >&2
  return 1
}

# A PgBouncer that tracks prepared statements (1.21 or later): Debian's
# package where it is recent enough, otherwise built from the source
# package of Debian's next release (about 10 s).
PGBOUNCER=
ensure_pgbouncer() {
  local candidate
  for candidate in "$(command -v pgbouncer || true)" /opt/renfort-ci/pgbouncer/bin/pgbouncer; do
    [ -x "$candidate" ] || continue
    if "$candidate" --version | awk 'NR==1 { split($2, v, "."); exit !(v[1] > 1 || v[2] >= 21) }'; then
      PGBOUNCER=$candidate
      return
    fi
  done
  local packaged
  packaged=$(apt-cache policy pgbouncer 2>/dev/null | awk '/Candidate:/ { print $2 }')
  if dpkg --compare-versions "${packaged:-0}" ge 1.21; then
    apt_install pgbouncer
    PGBOUNCER=$(command -v pgbouncer)
    return
  fi
  step "building PgBouncer from Debian's source package (the packaged $packaged predates max_prepared_statements)"
  apt_install libevent-dev libssl-dev pkg-config make gcc dpkg-dev
  local uri sources=/etc/apt/sources.list.d/renfort-ci-src.sources
  uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list)
  printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" >"$sources"
  apt-get update -qq
  local work
  work=$(mktemp -d)
  (
    cd "$work"
    apt-get source -qq --download-only pgbouncer/trixie >/dev/null 2>&1
    tar xzf pgbouncer_*.orig.tar.gz
    cd pgbouncer-*/
    ./configure -q --prefix=/opt/renfort-ci/pgbouncer --without-cares --without-pam --without-systemd >/dev/null
    make -s -j2 >/dev/null
    make -s install >/dev/null
  )
  rm -rf "$work" "$sources"
  apt-get update -qq
  PGBOUNCER=/opt/renfort-ci/pgbouncer/bin/pgbouncer
}

# PgBouncer in transaction mode in front of the local PostgreSQL, every
# database passed through, as PgBouncer's own user.
start_pgbouncer() {
  ensure_pgbouncer
  local dir=/var/lib/postgresql/renfort-ci/pgbouncer
  mkdir -p "$dir"
  if [ -f "$dir/pgbouncer.pid" ] && kill -0 "$(cat "$dir/pgbouncer.pid")" 2>/dev/null; then
    kill "$(cat "$dir/pgbouncer.pid")"
    sleep 1
  fi
  # The setting the service's deployments need too (docs/OPERATIONS.md):
  # transaction pooling, prepared statements tracked, the statement
  # timeout not sent as a startup option.
  cat >"$dir/pgbouncer.ini" <<EOF
[databases]
* = host=localhost port=5432

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $CI_POOLER_PORT
auth_type = trust
auth_file = $dir/users.txt
pool_mode = transaction
max_prepared_statements = 200
ignore_startup_parameters = extra_float_digits
max_client_conn = 2000
# Each test database is a pool of its own: cap the server connections of
# them all (PostgreSQL keeps 100), and close the idle ones of finished
# tests, so that a pool in need takes their place.
default_pool_size = 8
max_user_connections = 60
server_idle_timeout = 5
server_tls_sslmode = verify-full
server_tls_ca_file = $CI_TLS_DIR/ca.crt
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
EOF
  echo '"postgres" "postgres"' >"$dir/users.txt"
  chown -R postgres:postgres "$dir"
  su postgres -s /bin/sh -c "$PGBOUNCER -d $dir/pgbouncer.ini"
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p "$CI_POOLER_PORT" && return
    sleep 0.2
  done
  echo "PgBouncer did not start" >&2
  return 1
}

stop_pgbouncer() {
  local pid=/var/lib/postgresql/renfort-ci/pgbouncer/pgbouncer.pid
  [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true
}

#!/usr/bin/env bash
# Start a throwaway PostgreSQL server (Debian's postgresql package) on 127.0.0.1 for tests,
# without Docker: initdb into a fresh temp dir, pg_ctl start, create the test database.
#
#   pg_env="$(bash test/postgres/start-postgres.sh)"   # non-zero exit stops a `set -e` script
#   eval "$pg_env"
#   export POSTGRES_URL POSTGRES_DATA_DIR
#   trap 'bash test/postgres/stop-postgres.sh' EXIT
#
# Only KEY=VALUE lines go to stdout (POSTGRES_DATA_DIR, then POSTGRES_URL); progress and
# errors go to stderr. The server refuses to run as root, so as root it runs as the
# package's `postgres` user. On failure the server is stopped and its dir removed.
#
# Environment (optional): POSTGRES_PORT (default 39432).
set -euo pipefail

port="${POSTGRES_PORT:-39432}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "start-postgres: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)" >&2
  exit 1
fi

data_dir="$(mktemp -d /tmp/gov-postgres.XXXXXX)"
as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres: "$data_dir"; fi

fail() {
  echo "start-postgres: $1" >&2
  [ -f "$data_dir/server.log" ] && tail -n 30 "$data_dir/server.log" >&2
  as_server_user "$bin/pg_ctl" -D "$data_dir/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data_dir"
  exit 1
}

as_server_user "$bin/initdb" -D "$data_dir/db" -U gov --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
  || as_server_user "$bin/initdb" -D "$data_dir/db" -U gov --auth=trust -E UTF8 --locale=C >/dev/null \
  || fail "initdb failed"
# Tests, not production: no fsync wait on commit (the engine's durability is the event store's, not the read models').
as_server_user "$bin/pg_ctl" -D "$data_dir/db" -l "$data_dir/server.log" -w -t 60 \
  -o "-p $port -k $data_dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c synchronous_commit=off" start >/dev/null \
  || fail "the server did not start on port $port"
as_server_user "$bin/createdb" -h 127.0.0.1 -p "$port" -U gov gov_test || fail "createdb failed"

echo "POSTGRES_DATA_DIR=$data_dir"
echo "POSTGRES_URL=postgres://gov@127.0.0.1:$port/gov_test"

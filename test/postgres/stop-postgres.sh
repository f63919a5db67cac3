#!/usr/bin/env bash
# Stop the server test/postgres/start-postgres.sh started (reads POSTGRES_DATA_DIR) and remove its files.
set -uo pipefail
[ -n "${POSTGRES_DATA_DIR:-}" ] && [ -d "$POSTGRES_DATA_DIR" ] || exit 0
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
if [ "$(id -u)" = 0 ]; then
  runuser -u postgres -- "$bin/pg_ctl" -D "$POSTGRES_DATA_DIR/db" -m fast stop >/dev/null 2>&1
else
  "$bin/pg_ctl" -D "$POSTGRES_DATA_DIR/db" -m fast stop >/dev/null 2>&1
fi
rm -rf "$POSTGRES_DATA_DIR"

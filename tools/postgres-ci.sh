#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the test suite and prints its URL on stdout (nothing else).
#
# Idempotent: when the server in the data folder already runs, it only prints the URL again. Uses the
# Debian `postgresql` package (installed by tools/bootstrap.sh from tools/system-packages.txt; installed
# here too if missing). As root the cluster is created and run by the `postgres` system user; otherwise by
# the current user. It listens on 127.0.0.1 only, trusts local connections and runs with fsync off: it is
# for tests, never for evidence.
#
#   EVIDENCE_STATION_PG_DIR   data folder        (default: /tmp/evidence-station-test-pg)
#   EVIDENCE_STATION_PG_PORT  TCP port           (default: 54329)
#
# Stop it with: tools/postgres-ci.sh stop
set -euo pipefail

PGDIR=${EVIDENCE_STATION_PG_DIR:-/tmp/evidence-station-test-pg}
PORT=${EVIDENCE_STATION_PG_PORT:-54329}
URL="postgresql://postgres@127.0.0.1:${PORT}/postgres"

say() { echo "postgres-ci: $*" >&2; }

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] && command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir)
  fi
  echo "$dir"
}

BIN=$(pg_bindir)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    say "installing the postgresql package"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
    BIN=$(pg_bindir)
  fi
fi
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  say "PostgreSQL is not installed (apt-get install postgresql) and could not be installed here"
  exit 1
fi

# Who runs the server: initdb and postgres refuse to run as root.
if [ "$(id -u)" -eq 0 ]; then
  RUN_AS=(runuser -u postgres --)
  OWNER=postgres
else
  RUN_AS=()
  OWNER=$(id -un)
fi

pg() { "${RUN_AS[@]}" "$@"; }

if [ "${1:-}" = "stop" ]; then
  if [ -f "$PGDIR/data/PG_VERSION" ]; then
    pg "$BIN/pg_ctl" -D "$PGDIR/data" -m fast stop >&2 || true
  fi
  exit 0
fi

if [ -f "$PGDIR/data/PG_VERSION" ] && pg "$BIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then
  echo "$URL"
  exit 0
fi

mkdir -p "$PGDIR"
chown "$OWNER" "$PGDIR"
chmod 0700 "$PGDIR"
if [ ! -f "$PGDIR/data/PG_VERSION" ]; then
  say "creating a test cluster in $PGDIR/data"
  pg "$BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$PGDIR/initdb.log" 2>&1 || { cat "$PGDIR/initdb.log" >&2; exit 1; }
fi
say "starting PostgreSQL on 127.0.0.1:$PORT"
pg "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 start \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -k $PGDIR -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off -c max_connections=200" >&2 || { tail -n 30 "$PGDIR/server.log" >&2; exit 1; }
echo "$URL"

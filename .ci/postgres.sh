#!/usr/bin/env bash
# Start a real PostgreSQL server for the audit-log tests and print the variable that points at it.
#
#   eval "$(bash .ci/postgres.sh)"      # sets CROSSLAW_TEST_PG_URL
#
# Installs Debian's postgresql package when its programs are missing (needs root), keeps its own
# cluster under /tmp/crosslaw-pg (override with CROSSLAW_PG_DIR), listens on 127.0.0.1 only (port
# 5432 when free, otherwise a free one), trusts local connections, and creates role `crosslaw` with
# database `crosslaw_test`, and the audit log's roles `crosslaw_owner` and `crosslaw_app`. Safe to run again: a running cluster is reused.
# Only the `export` line goes to standard output; everything else goes to standard error.
#
#   bash .ci/postgres.sh --stop          # stops that cluster (fast shutdown); no-op when it is not running
set -euo pipefail
exec 3>&1 1>&2

base="${CROSSLAW_PG_DIR:-/tmp/crosslaw-pg}"
data="$base/data"

find_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ "${1:-}" = "--stop" ]; then
    bindir="$(find_bindir || true)"
    if [ -n "$bindir" ] && [ -f "$data/postmaster.pid" ]; then
        if [ "$(id -u)" = 0 ]; then
            runuser -u postgres -- "$bindir/pg_ctl" -D "$data" -m fast -w stop 3>&- || true
        else
            "$bindir/pg_ctl" -D "$data" -m fast -w stop 3>&- || true
        fi
    fi
    exit 0
fi

bindir="$(find_bindir || true)"
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || ! command -v pg_ctlcluster > /dev/null; then
    echo "postgres.sh: installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    timeout 900 apt-get update -q
    timeout 1800 apt-get install -y -q postgresql
    bindir="$(find_bindir)"
fi

# run a PostgreSQL program as the `postgres` user when we are root (initdb and the server refuse root)
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_free() {
    python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: TIME_WAIT is not "in use"
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

mkdir -p "$base"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$base"; fi

running=no
if as_pg "$bindir/pg_ctl" -D "$data" status > /dev/null 2>&1 && [ -f "$base/port" ] \
        && "$bindir/pg_isready" -q -h 127.0.0.1 -p "$(cat "$base/port")"; then
    running=yes
fi
if [ "$running" = yes ]; then
    port="$(cat "$base/port")"
    echo "postgres.sh: reusing the running cluster in $data on port $port"
else
    # a server that is not answering (left over from a previous boot) is stopped or forgotten
    as_pg "$bindir/pg_ctl" -D "$data" -m immediate stop > /dev/null 2>&1 || rm -f "$data/postmaster.pid"
    if [ ! -f "$data/PG_VERSION" ]; then
        as_pg "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale > "$base/initdb.log"
    fi
    if port_free 5432; then port=5432; else port="$(free_port)"; fi
    echo "$port" > "$base/port"
    # 3>&- : the server must not inherit the caller's pipe, or `$(bash .ci/postgres.sh)` never ends
    as_pg "$bindir/pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $base" start 3>&- < /dev/null
fi

psql_admin() { as_pg "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"; }

if [ "$(psql_admin -tAc "SELECT count(*) FROM pg_roles WHERE rolname = 'crosslaw'")" = 0 ]; then
    psql_admin -c "CREATE ROLE crosslaw LOGIN"
fi
if [ "$(psql_admin -tAc "SELECT count(*) FROM pg_database WHERE datname = 'crosslaw_test'")" = 0 ]; then
    psql_admin -c "CREATE DATABASE crosslaw_test OWNER crosslaw"
fi

# the audit log's two roles (see the README): crosslaw_owner owns the tables (and their triggers),
# crosslaw_app is what the application connects as and may only INSERT and SELECT. Created when
# absent, never dropped: the server may be shared.
for role in crosslaw_owner crosslaw_app; do
    if [ "$(psql_admin -tAc "SELECT count(*) FROM pg_roles WHERE rolname = '$role'")" = 0 ]; then
        psql_admin -c "CREATE ROLE $role LOGIN" || true  # another run may have created it meanwhile
    fi
done
psql_admin -c "GRANT CREATE, CONNECT ON DATABASE crosslaw_test TO crosslaw_owner" -c "GRANT CONNECT ON DATABASE crosslaw_test TO crosslaw_app"

url="postgresql://crosslaw@127.0.0.1:$port/crosslaw_test"
echo "postgres.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') ready at $url"
echo "export CROSSLAW_TEST_PG_URL=$url" >&3

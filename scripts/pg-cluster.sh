#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for sonde's tests (docs/postgres.md).
#
#   scripts/pg-cluster.sh start DIR   initdb in DIR (as the `postgres` user when run as root), listen on a
#                                     Unix socket in DIR and on 127.0.0.1 at a free port, create the
#                                     database `sonde`, the password-authenticated test role `sonde`
#                                     (owner of the database) and a role `sonde_nobody` that may log in
#                                     but holds no privilege on sonde's tables. Prints the environment
#                                     to export (SONDE_TEST_PG, PGPASSWORD, SONDE_TEST_PG_NOBODY, ...),
#                                     also written to DIR/env.
#   scripts/pg-cluster.sh restart DIR restarts the server (fast shutdown: every session is cut).
#   scripts/pg-cluster.sh down DIR    stops the server (fast) and keeps DIR: an outage, ended by `up`.
#   scripts/pg-cluster.sh up DIR      starts the server of DIR again after `down`.
#   scripts/pg-cluster.sh stop DIR    stops the server (fast) and removes DIR.
#
# The password is random per cluster and only ever travels in PGPASSWORD, never in a URL.
set -euo pipefail

BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
command=${1:-}
dir=${2:-}
if [ -z "$command" ] || [ -z "$dir" ]; then
    echo "usage: $0 start|restart|down|up|stop DIR" >&2
    exit 64
fi

# The server outlives this script: it must not keep a caller's pipes open (a test reading a sonde
# agent's output to its end would wait for the server to exit). Close every descriptor above 2.
for fd in /proc/$$/fd/*; do
    n=${fd##*/}
    if [ "$n" -gt 2 ] 2>/dev/null && [ "$n" -ne 255 ]; then eval "exec $n>&-" 2>/dev/null || true; fi
done

# initdb and postgres refuse to run as root: run them as the `postgres` user then.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
start)
    if [ ! -x "$BIN/initdb" ]; then
        echo "pg-cluster: $BIN/initdb not found: run scripts/install-deps.sh (Debian's postgresql)" >&2
        exit 69
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
    chmod 700 "$dir"
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    nobody_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    # A free port: ask the kernel for one, then hand it to postgres (a race only with another
    # process binding the same port in the next milliseconds).
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    pwfile="$dir/.pw"
    as_owner bash -c "umask 077; printf '%s' '$password' > '$pwfile'"
    as_owner "$BIN/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$pwfile"
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
log_min_messages = warning
EOF
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
    psql_admin() { as_owner psql -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres "$@"; }
    psql_admin -d postgres <<EOF
CREATE ROLE sonde LOGIN PASSWORD '$password';
CREATE ROLE sonde_nobody LOGIN PASSWORD '$nobody_password';
CREATE DATABASE sonde OWNER sonde;
EOF
    psql_admin -d sonde -c "REVOKE ALL ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO sonde_nobody;"
    {
        echo "export SONDE_TEST_PG=postgresql://sonde@127.0.0.1:$port/sonde"
        echo "export PGPASSWORD=$password"
        echo "export SONDE_TEST_PG_NOBODY=postgresql://sonde_nobody@127.0.0.1:$port/sonde"
        echo "export SONDE_TEST_PG_NOBODY_PASSWORD=$nobody_password"
        echo "export SONDE_TEST_PG_DIR=$dir"
        echo "export SONDE_TEST_PG_PORT=$port"
    } | tee "$dir/env"
    ;;
restart)
    # The fault the writer must survive: every connection dropped, the server back a moment later.
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
    ;;
down)
    as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
    ;;
up)
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|restart|down|up|stop DIR" >&2
    exit 64
    ;;
esac

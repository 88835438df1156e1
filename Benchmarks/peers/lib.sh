# Shared by the scripts in Benchmarks/peers/ (sourced, not run).
#
# A peer script measures sonde and a peer on the same work in the same run and prints its
# results on stdout as tab-separated lines, which Benchmarks/perf.sh turns into
# reports/performance.md; everything else goes to stderr:
#   ROW   figure  sonde  peer  ratio  target  verdict  command
#   NOTE  text
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH="$ROOT/Benchmarks"
SWIFT=${SWIFT:-swift}
# Release binaries, built in Benchmarks/.build (shared with `make bench`).
SONDE="$BENCH/.build/release/sonde"
SONDE_INGEST="$BENCH/.build/release/sonde-ingest"

# Measured processes run at nice -10 where allowed (root), so that other work on a shared machine
# preempts them less; both sides of a comparison always run at the same priority.
if [ "$(id -u)" -eq 0 ]; then
    PRIORITY=(nice -n -10)
    PRIORITY_NOTE="nice -10"
else
    PRIORITY=()
    PRIORITY_NOTE="default priority"
fi

log() { echo "[$(basename "$0" .sh)] $*" >&2; }

die() {
    log "error: $*"
    exit 1
}

# ensure_packages PKG... installs the Debian packages that are missing.
ensure_packages() { "$ROOT/scripts/install-deps.sh" "$@" >&2; }

# build_release PRODUCT... builds release products of the Benchmarks package (sonde comes from
# the root package, which Benchmarks depends on by path).
build_release() {
    local product
    for product in "$@"; do
        log "building $product (release)"
        "$SWIFT" build --package-path "$BENCH" -c release --product "$product" >&2
    done
}

# row FIGURE SONDE PEER RATIO TARGET VERDICT COMMAND
row() { printf 'ROW\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@"; }

note() { printf 'NOTE\t%s\n' "$*"; }

# free_port prints a TCP port on 127.0.0.1 that is free now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_for_http URL [SECONDS] waits until URL answers (any status), for at most SECONDS (10).
wait_for_http() {
    local url=$1 deadline=$((SECONDS + ${2:-10}))
    until curl -s -o /dev/null "$url"; do
        [ "$SECONDS" -lt "$deadline" ] || die "nothing answers at $url"
        sleep 0.1
    done
}

# start_nginx DIR starts nginx on a free 127.0.0.1 port serving DIR/www/small.txt (512 bytes),
# one worker, no access log, long keep-alive; its pid joins PIDS (the caller's cleanup kills them)
# and NGINX_URL is set to the file's URL once it answers. Runs at the scripts' $PRIORITY.
start_nginx() {
    local dir=$1 user_line=""
    NGINX_PORT=$(free_port)
    mkdir -p "$dir/www" "$dir/nginx"
    head -c 512 /dev/zero | tr '\0' 'x' > "$dir/www/small.txt"
    [ "$(id -u)" -eq 0 ] && user_line="user root;"
    cat > "$dir/nginx/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 100000;
    client_body_temp_path $dir/nginx/body;
    proxy_temp_path $dir/nginx/proxy;
    fastcgi_temp_path $dir/nginx/fastcgi;
    uwsgi_temp_path $dir/nginx/uwsgi;
    scgi_temp_path $dir/nginx/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $dir/www;
    }
}
EOF
    ${PRIORITY[@]+"${PRIORITY[@]}"} nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -g 'daemon off;' \
        2>>"$dir/nginx/error.log" &
    PIDS+=($!)
    NGINX_URL="http://127.0.0.1:$NGINX_PORT/small.txt"
    wait_for_http "$NGINX_URL"
}

# median FILE prints the median of the numbers in FILE, one per line.
median() {
    python3 -c 'import statistics, sys; print(statistics.median(float(l) for l in open(sys.argv[1]) if l.strip()))' "$1"
}

# calc EXPRESSION evaluates a Python expression (for ratios and formatting).
calc() { python3 -c "print($1)"; }

# work_dir NAME: a private scratch folder in WORK and a PIDS array; at exit every process named in
# PIDS is killed and waited for, and WORK removed (the scripts that start servers and probes).
work_dir() {
    WORK=$(mktemp -d "/tmp/sonde-$1.XXXXXX")
    PIDS=()
    trap work_dir_cleanup EXIT
}
work_dir_cleanup() {
    for pid in ${PIDS[@]+"${PIDS[@]}"}; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}

# The release sonde of the root package in its own scratch path (as `make reproduce` builds it),
# for scripts that time whole `sonde` commands against a database built with sqlite3.
SONDE_RELEASE="$ROOT/.build-release/release/sonde"
build_sonde_release() {
    log "building sonde (release, --scratch-path .build-release)"
    (cd "$ROOT" && "$SWIFT" build -c release --product sonde --scratch-path "$ROOT/.build-release" >&2)
}

# sonde_schema DB creates DB with sonde's current schema, as its migrator would: every migration
# of Sources/SondeStore/Migrations.swift in order, each recorded in schema_migrations, so that
# sonde opens the file without migrating it.
sonde_schema() {
    python3 - "$ROOT/Sources/SondeStore/Migrations.swift" <<'PY' | sqlite3 "$1"
import re, sys, textwrap
source = open(sys.argv[1]).read()
print("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ns INTEGER NOT NULL);")
# Migration 11 interpolates repointFolded(in: [tables]): expanded here as Migrations.swift does.
repoint = lambda m: "\n".join(
    f"UPDATE {t} SET provider_id = (SELECT canon FROM provider_canon m WHERE m.id = {t}.provider_id)\n"
    f"    WHERE provider_id IN (SELECT id FROM provider_canon);" for t in re.findall(r'"(\w+)"', m.group(1)))
source = re.sub(r'\\\(repointFolded\(in: \[([^\]]*)\]\)\)', repoint, source)
for version, name, sql in re.findall(r'Migration\(version: (\d+), name: "([^"]*)", sql: """\n(.*?)"""', source, re.S):
    print(textwrap.dedent(sql).strip().rstrip(";") + ";")
    print(f"INSERT INTO schema_migrations VALUES ({version}, '{name}', 0);")
PY
}

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

# median FILE prints the median of the numbers in FILE, one per line.
median() {
    python3 -c 'import statistics, sys; print(statistics.median(float(l) for l in open(sys.argv[1]) if l.strip()))' "$1"
}

# calc EXPRESSION evaluates a Python expression (for ratios and formatting).
calc() { python3 -c "print($1)"; }

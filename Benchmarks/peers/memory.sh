#!/usr/bin/env bash
# Memory: a run's peak RSS must not grow with its length. Target: a 10-million-sample run stays
# within 50 MB of a 100,000-sample run. A real `sonde run` of 10M attempts would take hours
# here, so this measures the two parts whose memory could grow with the sample count:
#   1. the store path: `sonde-ingest record` pushes N synthetic samples through SampleWriter's
#      record()/flush thread into a database on disk, with at most WINDOW samples uncommitted
#      (a probe loop that outran the disk would grow its backlog whatever the writer did);
#   2. the probe loop: a real `sonde run` against loopback nginx, SMALL vs LARGE attempts
#      (warm connections, 500 µs apart: a rate this 2-core machine sustains).
# Peak RSS is /usr/bin/time's "Maximum resident set size" of the whole process.
#
#   Benchmarks/peers/memory.sh [LARGE_SAMPLES] [SMALL_SAMPLES] [PROBE_LARGE] [PROBE_SMALL]
#                              (default 10000000 100000 30000 1000)
source "$(dirname "$0")/lib.sh"

LARGE=${1:-10000000}
SMALL=${2:-100000}
PROBE_LARGE=${3:-30000}
PROBE_SMALL=${4:-1000}
WINDOW=100000
LIMIT_KIB=48828 # 50 MB (10^6 bytes) in KiB
COMMAND="Benchmarks/peers/memory.sh $LARGE $SMALL $PROBE_LARGE $PROBE_SMALL"

ensure_packages nginx-light sqlite3 time
build_release sonde sonde-ingest

work_dir memory

# peak_kib COMMAND... runs COMMAND under /usr/bin/time and prints its peak RSS in KiB.
peak_kib() {
    /usr/bin/time -f 'peak_rss_kib=%M' -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>>"$WORK/err.txt" \
        || die "failed: $* ($(tail -3 "$WORK/err.txt"))"
    sed -n 's/^peak_rss_kib=//p' "$WORK/time.txt"
}
mb() { calc "f'{$1 * 1024 / 1e6:.1f} MB'"; }
verdict() { calc "'flat' if $1 - $2 <= $LIMIT_KIB else 'GROWS'"; }
delta() { calc "f'{($1 - $2) * 1024 / 1e6:+.1f} MB'"; }

# 1. The store path.
store_run() {
    rm -f "$WORK"/store.db*
    local kib
    kib=$(peak_kib "$SONDE_INGEST" record --db "$WORK/store.db" --rows "$1" --window "$WINDOW")
    local stored
    stored=$(sqlite3 "$WORK/store.db" "SELECT count(*) FROM samples")
    [ "$stored" -eq "$1" ] || die "stored $stored of $1 samples"
    log "store path, $1 samples: peak RSS $kib KiB ($(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' "$WORK/out.txt") s)"
    echo "$kib"
}
store_small=$(store_run "$SMALL")
store_large=$(store_run "$LARGE")

# 2. The probe loop, through the CLI.
start_nginx "$WORK"
URL=$NGINX_URL

probe_run() {
    cat > "$WORK/sonde.yaml" <<EOF
providers:
  - name: nginx
    kind: centralized
    endpoint: '$URL'
probes:
  latency: { interval: 500us, samples: $1, reuse: true, timeout: 5s }
EOF
    rm -f "$WORK"/probe.db*
    local kib failed
    kib=$(peak_kib "$SONDE" run -c "$WORK/sonde.yaml" --db "$WORK/probe.db")
    failed=$(sqlite3 "$WORK/probe.db" "SELECT sum(error_class IS NOT NULL) FROM samples")
    log "probe loop, $1 attempts: peak RSS $kib KiB, $failed failed"
    [ "$failed" -eq 0 ] || log "warning: $failed attempts failed (the machine did not sustain the rate)"
    echo "$kib"
}
probe_small=$(probe_run "$PROBE_SMALL")
probe_large=$(probe_run "$PROBE_LARGE")

row "memory, store path: peak RSS of $LARGE samples through SampleWriter (baseline: $SMALL samples)" \
    "$(mb "$store_large")" "$(mb "$store_small")" "$(delta "$store_large" "$store_small")" "within 50 MB" \
    "$(verdict "$store_large" "$store_small")" "$COMMAND"
row "memory, probe loop: peak RSS of \`sonde run\` with $PROBE_LARGE attempts against loopback nginx (baseline: $PROBE_SMALL attempts)" \
    "$(mb "$probe_large")" "$(mb "$probe_small")" "$(delta "$probe_large" "$probe_small")" "within 50 MB" \
    "$(verdict "$probe_large" "$probe_small")" "$COMMAND"
note "Memory: peak RSS is /usr/bin/time's maximum resident set size of the whole process. Store path: \`sonde-ingest record --window $WINDOW\` (Benchmarks/Support/IngestDriver) calls SampleWriter.record for every sample while keeping at most $WINDOW uncommitted, and the writer's own thread commits them every 250 ms, as in a run; the database is a file in WAL mode and every sample is checked stored. Probe loop: \`sonde run\` with \`interval: 500us, reuse: true\` against nginx on 127.0.0.1 (warm connections, so a long run does not exhaust ephemeral ports with TIME_WAIT sockets). A real $LARGE-attempt run was not made: at this rate it would take $(calc "round($LARGE * 0.0005 / 60)") minutes."

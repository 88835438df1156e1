#!/usr/bin/env bash
# History at scale (issue 18): the history report over a month of 5-minute runs (the scale issue's
# database: 8,640 runs, 4 providers, 30,000,000 latency samples, built by many-runs.sh), from raw
# samples and after `sonde prune` has replaced every run's samples by its summaries.
# Target: each report under 30 s and under 1 GB peak resident memory.
#
# The report selects every run (`--labels '*'`, three vantage points: 12 provider histories of
# 2,880 runs each) and is written as JSON. Each figure is one timed run after one warm-up run
# (a history report of this size is not a sub-second command; ROUNDS repeats it). The pruned
# figure also checks that the change points and availability are the same as from raw samples.
#
#   Benchmarks/peers/history-scale.sh [RUNS] [SAMPLES] [ROUNDS]   (default 8640 30000000 1)
#   `make perf` runs it at a tenth of that size (864 3000000 1: a few minutes, most of them building
#   the database and pruning it); the full size is about 15 minutes on a busy 2-core machine
#   (building the database and pruning take most of it): Benchmarks/peers/history-scale.sh 8640 30000000 1
#   MANY_RUNS_DB=path keeps (or reuses) the raw database; SONDE_BIN=path times another sonde
#   binary instead of the release build (e.g. .build/debug/sonde for a quick check at small scale).
source "$(dirname "$0")/lib.sh"

RUNS=${1:-8640}
SAMPLES=${2:-30000000}
ROUNDS=${3:-1}
COMMAND="Benchmarks/peers/history-scale.sh $RUNS $SAMPLES $ROUNDS"

ensure_packages sqlite3 time
if [ -n "${SONDE_BIN:-}" ]; then
    SONDE_RELEASE=$SONDE_BIN
    BUILD_NOTE="sonde: $SONDE_BIN (not the release build)"
else
    build_sonde_release
    BUILD_NOTE="sonde: release build (.build-release)"
fi

WORK=$(mktemp -d /tmp/sonde-history-scale.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
DB=${MANY_RUNS_DB:-$WORK/many.db}
if ! { [ -f "$DB" ] && [ "$(sqlite3 "$DB" 'SELECT count(*) FROM runs')" -eq "$RUNS" ]; }; then
    log "building $DB with many-runs.sh"
    if [ -n "${SONDE_BIN:-}" ]; then
        # many-runs.sh builds the database, then times the release sonde, which is not built
        # here (SWIFT=true makes its build step a no-op): its timing step fails, the database stays.
        SWIFT=true MANY_RUNS_DB=$DB "$BENCH/peers/many-runs.sh" "$RUNS" "$SAMPLES" 1 > /dev/null 2> "$WORK/many.err" || true
    else
        MANY_RUNS_DB=$DB "$BENCH/peers/many-runs.sh" "$RUNS" "$SAMPLES" 1 > /dev/null
    fi
    [ "$(sqlite3 "$DB" 'SELECT count(*) FROM runs')" -eq "$RUNS" ] || die "many-runs.sh did not build $DB"
fi
PRUNED=$WORK/pruned.db

# time_report NAME DB: ROUNDS+1 history reports of DB (the first warms the cache); prints
# "median_s max_s peak_mib cpu_s" of the timed ones (peak: the largest of the runs).
time_report() {
    local name=$1 db=$2 round begin ms peak=0
    : > "$WORK/s.txt"
    : > "$WORK/cpu.txt"
    for round in $(seq 0 "$ROUNDS"); do
        begin=$(date +%s%N)
        ${PRIORITY[@]+"${PRIORITY[@]}"} /usr/bin/time -f '%M %U %S' -o "$WORK/time.txt" "$SONDE_RELEASE" report --db "$db" \
            --labels '*' --format json -o "$WORK/$name.json" 2> "$WORK/err.txt" || die "report of $db failed: $(tail -2 "$WORK/err.txt")"
        ms=$((($(date +%s%N) - begin) / 1000000))
        read -r kib user system < "$WORK/time.txt"
        [ "$kib" -gt "$peak" ] && peak=$kib
        if [ "$round" -eq 0 ]; then
            log "$name: first run $ms ms, peak $((kib / 1024)) MiB"
        else
            calc "$ms / 1000" >> "$WORK/s.txt"
            calc "$user + $system" >> "$WORK/cpu.txt"
        fi
    done
    echo "$(median "$WORK/s.txt") $(sort -n "$WORK/s.txt" | tail -1) $((peak / 1024)) $(median "$WORK/cpu.txt")"
}

measure() {
    local figure=$1 db=$2
    read -r median_s max_s peak_mib cpu_s < <(time_report "$figure" "$db")
    log "$figure: median $median_s s, max $max_s s, CPU $cpu_s s, peak $peak_mib MiB"
    row "history report over $RUNS runs / $SAMPLES samples ($figure; --labels '*', JSON), median of $ROUNDS (worst); peak RSS" \
        "$(calc "f'{$median_s:.1f} s ({$max_s:.1f} s); CPU {$cpu_s:.1f} s; {$peak_mib:,} MiB'")" "—" "—" "< 30 s, < 1 GB" \
        "$(calc "'meets' if $max_s < 30 and $peak_mib < 1024 else 'MISSES'")" "$COMMAND"
}

measure "raw samples" "$DB"

cp "$DB" "$PRUNED"
begin=$(date +%s%N)
${PRIORITY[@]+"${PRIORITY[@]}"} /usr/bin/time -f '%M %U %S' -o "$WORK/time.txt" "$SONDE_RELEASE" prune --db "$PRUNED" --older-than 1s \
    > "$WORK/prune.txt" 2> "$WORK/err.txt" || die "prune failed: $(tail -2 "$WORK/err.txt")"
prune_ms=$((($(date +%s%N) - begin) / 1000000))
read -r prune_kib prune_user prune_system < "$WORK/time.txt"
log "prune: $(tail -1 "$WORK/prune.txt") in $prune_ms ms, peak $((prune_kib / 1024)) MiB"
left=$(sqlite3 "$PRUNED" 'SELECT count(*) FROM samples')
[ "$left" -eq 0 ] || die "$left samples left after pruning every run"
raw_size=$(du -m "$DB" | cut -f1)
sqlite3 "$PRUNED" 'VACUUM'
pruned_size=$(du -m "$PRUNED" | cut -f1)

measure "pruned to summaries" "$PRUNED"

# Pruning keeps the per-run figures exactly: the change points and availability must not move.
python3 - "$WORK/raw samples.json" "$WORK/pruned to summaries.json" <<'PY' || die "change points differ after pruning"
import json, sys
a, b = (json.load(open(p))["history"]["providers"] for p in sys.argv[1:3])
key = lambda ps: [(p["name"], p.get("vantage"), json.dumps(p["changes"], sort_keys=True)) for p in ps]
sys.exit(0 if key(a) == key(b) else 1)
PY
row "prune every run of $RUNS runs / $SAMPLES samples (\`sonde prune --older-than 1s\`), once" \
    "$(calc "f'{$prune_ms / 1000:.1f} s; CPU {$prune_user + $prune_system:.1f} s; {$prune_kib // 1024:,} MiB'")" "—" "—" "—" "—" "$COMMAND"
note "History at scale: the many-runs database ($RUNS runs 5 minutes apart, 3 vantage points, 4 providers, $SAMPLES latency samples; ${raw_size} MiB), its history report from raw samples, then pruned to per-run summaries (${pruned_size} MiB after VACUUM) and reported again; the change points are the same (checked). $BUILD_NOTE, wall time of the whole process and peak resident memory (/usr/bin/time %M), at $PRIORITY_NOTE."

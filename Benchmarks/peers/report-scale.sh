#!/usr/bin/env bash
# Report and gate at scale (issue 17): `sonde report` in every format (md, html, json, csv,
# samples) on one run of 4 providers x N latency samples, and `sonde gate` (default rules) on two
# such runs, with the run's JSON report as a file baseline too. Targets: each report under 300 MB
# peak RSS, the HTML under 5 MB, the JSON (a gate baseline file) under 50 MB; the gate under 60 s
# and 500 MB, and the same verdict table from the file as from the run.
#
# The database: `sonde run` makes it (sonde's own migrations, providers and stored configuration)
# with a 1 s run of each of the two runs against a closed port, then report-scale-data.c (a small
# C generator, seeded) replaces each run's few refused samples with N per provider: independent
# log-normal phases, 1% refused. The two runs have the same law (an A/A pair). Wall time, CPU time
# and peak RSS are /usr/bin/time's.
#
#   Benchmarks/peers/report-scale.sh [N]   (default 1000000 per provider)
# SCALE_DB=FILE keeps the database there (and reuses it when it already holds two scale runs of N).
# SONDE_BIN=PATH times another sonde binary (e.g. a debug build) instead of building the release one.
source "$(dirname "$0")/lib.sh"

N=${1:-1000000}
COMMAND="Benchmarks/peers/report-scale.sh $N"

# scale_config PORT: the runs' configuration (the endpoints a closed port, so the 1 s runs only
# store refused attempts, which the generator replaces).
scale_config() {
    cat <<EOF
providers:
  - {name: aws-us-east-1, kind: centralized, region: us-east-1, endpoint: "http://127.0.0.1:$1/health"}
  - {name: akash-eu, kind: depin, region: eu-central, endpoint: "http://127.0.0.1:$1/health"}
  - {name: io-net-ap, kind: depin, region: ap-south, endpoint: "http://127.0.0.1:$1/health"}
  - {name: render-us, kind: depin, region: us-west, endpoint: "http://127.0.0.1:$1/health"}
probes:
  latency: {interval: 83ms, samples: $N, timeout: 5s}
analysis: {baseline: aws-us-east-1, confidence: 0.95}
EOF
}

# run_id LABEL: the uuid of the run labelled LABEL in $DB.
run_id() { sqlite3 "$DB" "SELECT uuid FROM runs WHERE label = '$1' ORDER BY started_at_ns DESC LIMIT 1"; }

# scale_db_ready: whether $DB already holds runs scale-a and scale-b of N samples per provider.
scale_db_ready() {
    [ -f "$DB" ] && [ "$(sqlite3 "$DB" "SELECT count(*) FROM run_sample_counts c JOIN runs r ON r.id = c.run_id
        WHERE r.label IN ('scale-a', 'scale-b') AND c.probe = 'latency' AND c.samples = $N" 2>/dev/null)" = 8 ]
}

# build_scale_db: the database of two runs (scale-a, scale-b) x 4 providers x N samples.
build_scale_db() {
    local started=$SECONDS label seed=18
    log "building $DB: 2 runs x 4 providers x $N samples"
    rm -f "$DB" "$DB-wal" "$DB-shm"
    scale_config "$(free_port)" > "$WORK/scale.yaml"
    gcc -O2 -Wall -o "$WORK/report-scale-data" "$BENCH/peers/report-scale-data.c" -lsqlite3 -lm
    for label in scale-a scale-b; do
        "$SONDE_RELEASE" run -c "$WORK/scale.yaml" --db "$DB" --label "$label" --vantage lab --duration 1s >&2
        /usr/bin/time -f '%e s wall, %U s user, %S s system, %M KiB' -o "$WORK/generate-$label.time" \
            "$WORK/report-scale-data" "$DB" "$(run_id "$label")" "$N" "$seed"
        log "generated $label: $(cat "$WORK/generate-$label.time")"
        seed=$((seed + 1))
    done
    scale_db_ready || die "built the database with the wrong row counts"
    log "database built in $((SECONDS - started)) s ($(calc "f'{$(stat -c %s "$DB") / 1e6:.0f}'") MB)"
}

# timed NAME COMMAND...: runs COMMAND (stdout to $WORK/NAME.out); sets WALL (s), CPU (user + system s),
# MB (peak RSS, 10^6 bytes), STATUS. On a shared machine wall time mostly measures the wait for a
# core, so the rows give CPU time too.
timed() {
    local name=$1 user system
    shift
    STATUS=0
    ${PRIORITY[@]+"${PRIORITY[@]}"} /usr/bin/time -f '%e %M %U %S' -o "$WORK/$name.time" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" \
        || STATUS=$?
    read -r WALL kib user system < <(tail -1 "$WORK/$name.time")
    MB=$(calc "f'{$kib * 1024 / 1e6:.0f}'")
    CPU=$(calc "f'{$user + $system:.1f}'")
}
mb() { calc "f'{$(stat -c %s "$1") / 1e6:.2f}'"; }
meets() { calc "'meets' if $1 else 'ABOVE'"; }

# report_rows: `sonde report` of run A in every format, with time, CPU, peak RSS and size.
report_rows() {
    local format
    for format in md html json csv samples; do
        log "sonde report --format $format"
        timed "report-$format" "$SONDE_RELEASE" report --db "$DB" --run "$RUN_A" --format "$format" -o "$WORK/report.$format"
        [ "$STATUS" -eq 0 ] || die "report --format $format exited $STATUS: $(tail -3 "$WORK/report-$format.err")"
        log "$format: $WALL s ($CPU CPU-s), $MB MB peak, $(mb "$WORK/report.$format") MB written"
        row "report at scale: \`sonde report --format $format\`, 4 x $N samples: wall time, peak RSS" \
            "$WALL s ($CPU CPU-s), $MB MB" "—" "—" "< 300 MB" "$(meets "$MB < 300")" "$COMMAND"
    done
    row "report at scale: size of the HTML report of 4 x $N samples" "$(mb "$WORK/report.html") MB" "—" "—" "< 5 MB" \
        "$(meets "$(stat -c %s "$WORK/report.html") < 5e6")" "$COMMAND"
    row "report at scale: size of the JSON report (a gate baseline file: statistics, and per provider the total time and bytes of every success, packed) of 4 x $N samples" \
        "$(mb "$WORK/report.json") MB" "—" "—" "< 50 MB" "$(meets "$(stat -c %s "$WORK/report.json") < 50e6")" "$COMMAND"
}

# The numpy/scipy peer of the report (helper R's part; Benchmarks/peers/report-peer.py): the same
# rows from the same database, the same estimators and bootstrap (iid, 2,000 resamples a side, the
# baseline's shared), run in full; it checks every point estimate against sonde's JSON report
# (1e-9 relative) and exits 1 on a mismatch. The ratio is peer time / sonde time for the md report,
# in CPU seconds (the steadier figure on a shared machine) and in wall time.
# (Copied from branch issue-17-report at a2c8f18 so that the two branches' edits of this script meet
# in one place; runs only where report-peer.py exists.)
report_peer_rows() {
    local sonde_wall=$1 sonde_cpu=$2
    log "numpy/scipy peer of the report"
    timed report-peer python3 "$BENCH/peers/report-peer.py" "$DB" "$RUN_A" "$WORK/report.json"
    [ "$STATUS" -eq 0 ] || die "report-peer.py exited $STATUS (1: a point estimate differs from sonde's): $(tail -5 "$WORK/report-peer.err")"
    local agree
    agree=$(grep '^largest_relative_difference=' "$WORK/report-peer.out" | cut -d= -f2-)
    row "report at scale: \`sonde report --format md\` vs a numpy/scipy script of the same method (report-peer.py), 4 x $N samples: CPU time" \
        "$sonde_cpu CPU-s ($sonde_wall s wall)" "$CPU CPU-s ($WALL s wall, $MB MB)" "$(calc "f'{$CPU / $sonde_cpu:.2f}x'")" ">= 1.0x" \
        "$(calc "'meets' if $CPU >= $sonde_cpu else 'BELOW'")" "$COMMAND"
    note "Report peer: every point estimate of the JSON report (descriptive statistics per phase, spread ratios, p-values, throughput ratios, phase variances, leave-one-out ratios) agreed with sonde's; largest relative difference $agree."
}

# gate_rows: `sonde gate` (default rules) of run B against run A, then against run A's JSON report;
# both must give the same verdict table.
gate_rows() {
    log "sonde gate, run baseline"
    timed gate "$SONDE_RELEASE" gate --db "$DB" --baseline "$RUN_A" --candidate "$RUN_B"
    # 0 pass or 2 regression: the runs share one law, but 1% refused sits on the default error-rate
    # limit (max 1%), which a run then exceeds significantly now and then; the row is about the cost.
    [ "$STATUS" -eq 0 ] || [ "$STATUS" -eq 2 ] || die "gate exited $STATUS: $(tail -5 "$WORK/gate.out" "$WORK/gate.err")"
    cat "$WORK/gate.out" >&2
    row "gate at scale: \`sonde gate\` (default rules) on two runs of 4 x $N samples, baseline a run: wall time" \
        "$WALL s ($CPU CPU-s)" "—" "—" "< 60 s" "$(meets "$WALL < 60")" "$COMMAND"
    row "gate at scale: the same gate, peak RSS" "$MB MB" "—" "—" "< 500 MB" "$(meets "$MB < 500")" "$COMMAND"

    log "sonde gate, JSON baseline"
    timed gate-json "$SONDE_RELEASE" gate --db "$DB" --baseline "$WORK/report.json" --candidate "$RUN_B"
    [ "$STATUS" -eq 0 ] || [ "$STATUS" -eq 2 ] || die "gate against the JSON baseline exited $STATUS: $(tail -5 "$WORK/gate-json.out" "$WORK/gate-json.err")"
    # The same table from the file as from the run (the JSON carries every successful total and
    # its bytes in schedule order, losslessly, so estimates, intervals and p-values are identical;
    # only the baseline's name in the heading differs).
    diff <(grep '^| ' "$WORK/gate.out") <(grep '^| ' "$WORK/gate-json.out") >&2 \
        || die "the JSON baseline gives other verdicts than the run"
    row "gate at scale: the same gate with the run's JSON report as baseline file (same verdict table, checked): wall time, peak RSS" \
        "$WALL s ($CPU CPU-s), $MB MB" "—" "—" "< 60 s, < 500 MB" "$(meets "$WALL < 60 and $MB < 500")" "$COMMAND"
}

ensure_packages sqlite3 time gcc libsqlite3-dev
if [ -n "${SONDE_BIN:-}" ]; then
    SONDE_RELEASE=$SONDE_BIN
    BUILD_NOTE="sonde: $SONDE_BIN (not the release build)"
else
    build_sonde_release
    BUILD_NOTE="release build (.build-release)"
fi

WORK=$(mktemp -d /tmp/sonde-report-scale.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
DB=${SCALE_DB:-$WORK/scale.db}
if scale_db_ready; then log "reusing $DB"; else build_scale_db; fi
RUN_A=$(run_id scale-a)
RUN_B=$(run_id scale-b)

report_rows
if [ -f "$BENCH/peers/report-peer.py" ]; then
    python3 -c 'import numpy, scipy' 2>/dev/null || ensure_packages python3-numpy python3-scipy
    report_peer_rows "$(awk '{print $1}' "$WORK/report-md.time" | tail -1)" "$(awk '{printf "%.1f", $3 + $4}' "$WORK/report-md.time" | tail -1)"
fi
gate_rows
note "Report and gate at scale: one database of 2 runs x 4 providers x $N latency samples (made by \`sonde run\`, 1 s against a closed port, then filled by Benchmarks/peers/report-scale-data.c: seeded log-normal phases, independent attempts, 1% refused); $BUILD_NOTE, $PRIORITY_NOTE, wall time, CPU time and peak RSS from /usr/bin/time; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end. The JSON report packs each provider's successful totals and bytes (docs/json-report.md, \"Raw samples\"); the HTML's charts draw at most a few hundred points a series (docs/html-report.md). The gate's quantile rules on independent values this large draw their bootstrap and relabellings in the quantile's rank window (docs/statistics.md, \"Large samples\")."

#!/usr/bin/env bash
# Many runs: `sonde runs` and `sonde report --last` on a month of 5-minute scheduled runs
# (8,640 runs, 4 providers, 30,000,000 latency samples), built with sqlite3 in sonde's schema.
# Target (issue 17): each under 1 s, from indexes (runs by start time, per-run sample counts
# kept by the writer), with no scan of the samples table.
#
# Each command runs ROUNDS times against a warm page cache (the first, colder run is logged);
# the figure is the median wall time and the worst is shown beside it. For scale, the "peer"
# column times what listing counts would cost without kept counts: sqlite3 counting every run's
# samples (`SELECT run_id, count(*) FROM samples GROUP BY run_id`), once; report rows have no peer.
#
#   Benchmarks/peers/many-runs.sh [RUNS] [SAMPLES] [ROUNDS]   (default 8640 30000000 5)
#   MANY_RUNS_DB=path keeps (or reuses) the database instead of a temporary one.
source "$(dirname "$0")/lib.sh"

RUNS=${1:-8640}
SAMPLES=${2:-30000000}
ROUNDS=${3:-5}
PROVIDERS=4
COMMAND="Benchmarks/peers/many-runs.sh $RUNS $SAMPLES $ROUNDS"

ensure_packages sqlite3 time
build_sonde_release

WORK=$(mktemp -d /tmp/sonde-many-runs.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
DB=${MANY_RUNS_DB:-$WORK/many.db}

# Every (run, provider) gets BASE samples, and the first EXTRA of them one more: SAMPLES in all.
BASE=$((SAMPLES / (RUNS * PROVIDERS)))
EXTRA=$((SAMPLES - BASE * RUNS * PROVIDERS))
NOW_NS=$(($(date +%s) * 1000000000))
FIRST_NS=$((NOW_NS - RUNS * 300 * 1000000000))
# Per-run figures are stationary apart from one planted change, as a month of probes should be
# (an earlier version let every latency grow with the run number, a drift in every series):
# RUN_NOISE moves a run's latencies by 0-20 ms (a run-to-run variation of about 4% of the median,
# pseudo-random from the run and provider), and akash-eu (provider 2) is ×1.5 slower from two
# thirds of the way on (integer arithmetic: ×3 / 2).
RUN_NOISE='((k * 2654435761 + p * 40503) % 1000) * 20'
CHANGE_FROM=$((RUNS * 2 / 3))
CHANGE="(CASE WHEN p = 2 AND k >= $CHANGE_FROM THEN 3 ELSE 2 END) / 2"
CONFIG='providers:
  - {name: aws-us-east-1, kind: centralized, region: us-east-1, endpoint: "http://127.0.0.1:9001/health"}
  - {name: akash-eu, kind: depin, region: eu-central, endpoint: "http://127.0.0.1:9002/health"}
  - {name: io-net-ap, kind: depin, region: ap-south, endpoint: "http://127.0.0.1:9003/health"}
  - {name: render-us, kind: depin, region: us-west, endpoint: "http://127.0.0.1:9004/health"}
probes:
  latency: {interval: 250ms, samples: 869, timeout: 5s}
analysis: {baseline: aws-us-east-1, confidence: 0.95}'

build_db() {
    log "building $DB: $RUNS runs × $PROVIDERS providers, $SAMPLES samples"
    rm -f "$DB" "$DB-wal" "$DB-shm"
    sonde_schema "$DB"
    sqlite3 "$DB" > /dev/null <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=OFF;
INSERT INTO providers(name, kind, region, jurisdiction, endpoint) VALUES
    ('aws-us-east-1', 'centralized', 'us-east-1', '', 'http://127.0.0.1:9001/health'),
    ('akash-eu', 'depin', 'eu-central', '', 'http://127.0.0.1:9002/health'),
    ('io-net-ap', 'depin', 'ap-south', '', 'http://127.0.0.1:9003/health'),
    ('render-us', 'depin', 'us-west', '', 'http://127.0.0.1:9004/health');
-- Runs every 5 minutes up to now, oldest first; run id k+1 is the k-th run.
WITH RECURSIVE k(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM k WHERE k + 1 < $RUNS)
INSERT INTO runs(id, uuid, started_at_ns, finished_at_ns, status, label, vantage, host, sonde_version, config_hash, config_text)
SELECT k + 1, lower(printf('%08x-%04x-4%03x-8%03x-%012x', k * 2654435761 % 4294967296, k % 65536, k % 4096, (k * 7) % 4096, k)),
       $FIRST_NS + k * 300000000000, $FIRST_NS + k * 300000000000 + 250000000000,
       'complete', CASE WHEN k % 96 = 0 THEN 'daily' ELSE 'every-5m' END,
       CASE k % 3 WHEN 0 THEN 'berlin' WHEN 1 THEN 'ohio' ELSE 'tokyo' END, 'bench', 'bench', 'c0ffee', '$CONFIG'
FROM k;
WITH RECURSIVE k(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM k WHERE k + 1 < $RUNS),
    p(p) AS (VALUES (1), (2), (3), (4)),
    q(q) AS (SELECT 0 UNION ALL SELECT q + 1 FROM q WHERE q + 1 <= $BASE)
INSERT INTO samples(run_id, provider_id, probe, sequence, intended_ns, started_ns, dns_us, connect_us, tls_us, ttfb_us, total_us,
                    bytes, http_status, error_class)
SELECT k + 1, p, 'latency', q, $FIRST_NS + k * 300000000000 + q * 250000000 + p * 62500000,
       $FIRST_NS + k * 300000000000 + q * 250000000 + p * 62500000 + 20000 + (q * 7919 + k) % 90000,
       20 + q % 13,
       CASE WHEN (q + k) % 100 = 99 THEN NULL ELSE 80 + q % 17 END,
       CASE WHEN (q + k) % 100 = 99 THEN NULL ELSE 900 + (q * 31) % 400 END,
       CASE WHEN (q + k) % 100 = 99 THEN NULL ELSE (30000 * p + $RUN_NOISE + (q * 104729 + k * 7919) % 250000) * $CHANGE END,
       CASE WHEN (q + k) % 100 = 99 THEN 40 + q % 9
            ELSE (31000 * p + $RUN_NOISE + (q * 104729 + k * 7919) % 250000 + q % 11) * $CHANGE END,
       CASE WHEN (q + k) % 100 = 99 THEN 0 ELSE 612 END,
       CASE WHEN (q + k) % 100 = 99 THEN NULL ELSE 200 END,
       CASE WHEN (q + k) % 100 = 99 THEN 'refused' ELSE NULL END
FROM k CROSS JOIN p CROSS JOIN q
WHERE q < $BASE + (k * $PROVIDERS + p - 1 < $EXTRA);
-- What SampleWriter keeps as it writes (one row per run, provider and probe).
WITH RECURSIVE k(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM k WHERE k + 1 < $RUNS), p(p) AS (VALUES (1), (2), (3), (4))
INSERT INTO run_sample_counts(run_id, provider_id, probe, samples)
SELECT k + 1, p, 'latency', $BASE + (k * $PROVIDERS + p - 1 < $EXTRA) FROM k CROSS JOIN p;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
}

if [ -n "${MANY_RUNS_DB:-}" ] && [ -f "$DB" ] && [ "$(sqlite3 "$DB" 'SELECT count(*) FROM runs')" -eq "$RUNS" ]; then
    log "reusing $DB"
else
    begin=$SECONDS
    build_db
    log "built in $((SECONDS - begin)) s"
fi

# The database is what it claims, and the kept counts are the rows' own counts (this check
# scans the samples table once, which is what the commands below must not do).
begin=$(date +%s%N)
stored=$(sqlite3 "$DB" 'SELECT count(*) FROM samples')
scan_ms=$((($(date +%s%N) - begin) / 1000000))
[ "$stored" -eq "$SAMPLES" ] || die "stored $stored samples, not $SAMPLES"
[ "$(sqlite3 "$DB" 'SELECT sum(samples) FROM run_sample_counts')" -eq "$SAMPLES" ] || die "kept counts do not add up"
mismatched=$(sqlite3 "$DB" "SELECT count(*) FROM (SELECT run_id, provider_id, count(*) AS n FROM samples WHERE run_id IN (1, 2, $RUNS) GROUP BY 1, 2) s JOIN run_sample_counts c USING (run_id, provider_id) WHERE c.samples <> s.n")
[ "$mismatched" -eq 0 ] || die "kept counts differ from the rows"
begin=$(date +%s%N)
sqlite3 "$DB" 'SELECT run_id, count(*) FROM samples GROUP BY run_id' > /dev/null
group_ms=$((($(date +%s%N) - begin) / 1000000))
log "$(du -h "$DB" | cut -f1) database; count(*) over samples ${scan_ms} ms; per-run counts by GROUP BY ${group_ms} ms"

# time_command NAME ARGS...: ROUNDS+1 runs of sonde ARGS (the first only warms the cache);
# prints "median_ms max_ms peak_kib output_lines median_cpu_ms" (CPU: user + system of the process).
time_command() {
    local name=$1 round begin ms
    shift
    : > "$WORK/ms.txt"
    : > "$WORK/cpu.txt"
    for round in $(seq 0 "$ROUNDS"); do
        begin=$(date +%s%N)
        ${PRIORITY[@]+"${PRIORITY[@]}"} /usr/bin/time -f '%M %U %S' -o "$WORK/time.txt" "$SONDE_RELEASE" "$@" --db "$DB" \
            > "$WORK/out.txt" 2> "$WORK/err.txt" || die "sonde $* failed: $(tail -2 "$WORK/err.txt")"
        ms=$((($(date +%s%N) - begin) / 1000000))
        read -r kib user system < "$WORK/time.txt"
        if [ "$round" -eq 0 ]; then
            log "$name: first run $ms ms"
        else
            echo "$ms" >> "$WORK/ms.txt"
            calc "($user + $system) * 1000" >> "$WORK/cpu.txt"
        fi
    done
    echo "$(median "$WORK/ms.txt") $(sort -n "$WORK/ms.txt" | tail -1) $kib $(wc -l < "$WORK/out.txt") $(median "$WORK/cpu.txt")"
}

measure() {
    local figure=$1
    shift
    read -r median_ms max_ms kib lines cpu_ms < <(time_command "$figure" "$@")
    log "$figure: median $median_ms ms, max $max_ms ms, CPU $cpu_ms ms, peak $kib KiB, $lines lines of output"
    # The counting peer stands for listing runs only; a report has no such peer.
    local peer="—" ratio="—"
    if [ "$1" = runs ]; then
        peer=$(calc "f'{$group_ms:,} ms'")
        ratio=$(calc "f'{$group_ms / max($median_ms, 1):.0f}x faster'")
    fi
    row "many runs: \`sonde $*\` on $RUNS runs / $SAMPLES samples ($figure; $lines lines out), median of $ROUNDS (worst)" \
        "$(calc "f'{$median_ms:.0f} ms ({$max_ms} ms); CPU {$cpu_ms:.0f} ms'")" "$peer" "$ratio" "< 1 s" \
        "$(calc "'meets' if $max_ms < 1000 else ('median meets' if $median_ms < 1000 else 'SLOWER')")" "$COMMAND"
}

measure "every run, table" runs
measure "last 7 days, JSON" runs --since 7d --format json
measure "label glob, one vantage, newest 20, CSV" runs --labels 'every-*' --vantage tokyo --limit 20 --format csv
measure "newest run's report, Markdown" report --last
measure "newest run's raw samples" report --last --format samples
note "Many runs: $RUNS runs 5 minutes apart ending now, $PROVIDERS providers, $SAMPLES latency samples ($BASE or $((BASE + 1)) per run and provider, 1% refused), built with sqlite3 in the schema of Migrations.swift ($(du -h "$DB" | cut -f1) on disk), with run_sample_counts filled as SampleWriter keeps it (checked against the rows). sonde: release build (.build-release), $ROUNDS timed runs after one warm-up, wall time of the whole process from the shell (date +%s%N), and its CPU time (user + system, /usr/bin/time; median), at $PRIORITY_NOTE. Peer column: sqlite3 counting every run's samples with GROUP BY over the samples table, what listing runs with counts would cost each time without kept counts; count(*) over all samples took ${scan_ms} ms in the same run."

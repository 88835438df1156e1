#!/usr/bin/env bash
# Samples export: `sonde report --format samples` (streamed from a prepared statement through
# SamplesCSVStream) against `sqlite3 -csv` exporting the same columns of the same join, on one
# run of 4 providers built with sqlite3 in sonde's schema. Targets (issue 17): at least 1.0x
# sqlite3's rows/s, and sonde's peak RSS at LARGE rows within 20 MB of SMALL rows.
#
# Both write the same bytes (checked by hash) to a file on the same disk; rounds alternate which
# goes first; rows/s is the median over ROUNDS of rows ÷ wall time, and, because wall time on a
# shared machine mostly measures the wait for a core, also rows ÷ CPU time (user + system) of
# the process; peak RSS is /usr/bin/time's maximum resident set size.
#
#   Benchmarks/peers/samples-export.sh [LARGE] [SMALL] [ROUNDS]   (default 4000000 100000 5)
source "$(dirname "$0")/lib.sh"

LARGE=${1:-4000000}
SMALL=${2:-100000}
ROUNDS=${3:-5}
LIMIT_KIB=19532 # 20 MB (10^6 bytes) in KiB
COMMAND="Benchmarks/peers/samples-export.sh $LARGE $SMALL $ROUNDS"

ensure_packages sqlite3 time
build_sonde_release

WORK=$(mktemp -d /tmp/sonde-samples-export.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
RUN_ID=5a3c0e7e-0000-4000-8000-000000000017

# make_db DB ROWS: one complete run, 4 providers (inserted in name order), ROWS latency samples
# in schedule order: 1% refused (NULL phases, no status), the rest with every phase.
make_db() {
    sonde_schema "$1"
    sqlite3 "$1" > /dev/null <<SQL
PRAGMA journal_mode=WAL;
INSERT INTO runs(uuid, started_at_ns, finished_at_ns, status, label, vantage, host, sonde_version, config_hash, config_text)
VALUES ('$RUN_ID', 1764000000000000000, 1764086400000000000, 'complete', 'export', 'lab', 'h', 'bench', '0', 'providers: []');
INSERT INTO providers(name, kind, region, jurisdiction, endpoint) VALUES
    ('akash-eu', 'depin', 'eu-central', '', 'http://127.0.0.1:1/'), ('aws-us-east-1', 'centralized', 'us-east-1', '', 'http://127.0.0.1:2/'),
    ('io-net-ap', 'depin', 'ap-south', '', 'http://127.0.0.1:3/'), ('render-us', 'depin', 'us-west', '', 'http://127.0.0.1:4/');
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $2)
INSERT INTO samples(run_id, provider_id, probe, sequence, intended_ns, started_ns, dns_us, connect_us, tls_us, ttfb_us, total_us,
                    bytes, http_status, error_class)
SELECT 1, 1 + i / ($2 / 4), 'latency', i % ($2 / 4), 1764000000000000000 + (i % ($2 / 4)) * 83333333,
       1764000000000000000 + (i % ($2 / 4)) * 83333333 + 20000 + (i * 7919) % 90000,
       20 + i % 13,
       CASE WHEN i % 100 = 99 THEN NULL ELSE 80 + i % 17 END,
       CASE WHEN i % 100 = 99 THEN NULL ELSE 900 + (i * 31) % 400 END,
       CASE WHEN i % 100 = 99 THEN NULL ELSE 30000 + (i * 104729) % 250000 END,
       CASE WHEN i % 100 = 99 THEN 40 + i % 9 ELSE 31000 + (i * 104729) % 250000 + i % 11 END,
       CASE WHEN i % 100 = 99 THEN 0 ELSE 612 END,
       CASE WHEN i % 100 = 99 THEN NULL ELSE 200 END,
       CASE WHEN i % 100 = 99 THEN 'refused' ELSE NULL END
FROM n;
INSERT INTO run_sample_counts(run_id, provider_id, probe, samples)
SELECT run_id, provider_id, probe, count(*) FROM samples GROUP BY run_id, provider_id, probe;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
    [ "$(sqlite3 "$1" 'SELECT count(*) FROM samples')" -eq "$2" ] || die "built $1 with the wrong row count"
}

# The peer's query: the columns of SamplesCSVExporter, named as its header, in its row order
# (providers by name then id, samples by sequence). Providers were inserted in name order, so
# the primary key's own order (run, provider id, probe, sequence) is that order: the peer gets
# no ORDER BY, because any ORDER BY here makes SQLite 3.40 add a sorter ("USE TEMP B-TREE FOR
# RIGHT PART OF ORDER BY"). Its plan is logged; the md5 check below proves the same rows.
PEER_SQL="SELECT r.uuid AS run_id, p.name AS provider, p.kind AS kind, p.region AS region, s.probe AS probe,
  s.sequence AS sequence, s.intended_ns AS intended_ns, s.started_ns AS started_ns, s.dns_us AS dns_us,
  s.connect_us AS connect_us, s.tls_us AS tls_us, s.ttfb_us AS ttfb_us, s.total_us AS total_us, s.bytes AS bytes,
  s.http_status AS http_status, s.error_class AS error_class
FROM samples s JOIN runs r ON r.id = s.run_id JOIN providers p ON p.id = s.provider_id
WHERE r.uuid = '$RUN_ID' AND s.probe = 'latency'"

# timed WHO DB: one export by WHO (sonde or sqlite3) to $WORK/out-WHO.csv; prints
# "wall_seconds peak_kib cpu_seconds".
timed() {
    local -a command
    if [ "$1" = sonde ]; then
        command=("$SONDE_RELEASE" report --db "$2" --run "$RUN_ID" --format samples)
    else
        command=(sqlite3 -csv -header -newline $'\n' "$2" "$PEER_SQL")
    fi
    ${PRIORITY[@]+"${PRIORITY[@]}"} /usr/bin/time -f '%e %M %U %S' -o "$WORK/time.txt" "${command[@]}" > "$WORK/out-$1.csv" \
        || die "$1 export failed"
    read -r wall kib user system < "$WORK/time.txt"
    echo "$wall $kib $(calc "$user + $system")"
}

for rows in "$SMALL" "$LARGE"; do
    log "building a database of $rows samples"
    make_db "$WORK/db-$rows.db" "$rows"
done
log "peer plan: $(sqlite3 "$WORK/db-$SMALL.db" "EXPLAIN QUERY PLAN $PEER_SQL" | tr '\n' ' ')"

# Same bytes, or the race means nothing.
for rows in "$SMALL" "$LARGE"; do
    timed sonde "$WORK/db-$rows.db" > /dev/null
    timed sqlite3 "$WORK/db-$rows.db" > /dev/null
    [ "$(md5sum < "$WORK/out-sonde.csv")" = "$(md5sum < "$WORK/out-sqlite3.csv")" ] || die "sonde's export differs from sqlite3's at $rows rows"
    [ "$(wc -l < "$WORK/out-sonde.csv")" -eq $((rows + 1)) ] || die "sonde exported the wrong number of rows"
    log "$rows rows: identical output ($(wc -c < "$WORK/out-sonde.csv") bytes)"
done

: > "$WORK/sonde-rate.txt"; : > "$WORK/peer-rate.txt"; : > "$WORK/sonde-cpu.txt"; : > "$WORK/peer-cpu.txt"; : > "$WORK/sonde-small-kib.txt"; : > "$WORK/sonde-large-kib.txt"
: > "$WORK/peer-large-kib.txt"
for round in $(seq 1 "$ROUNDS"); do
    for who in $([ $((round % 2)) -eq 1 ] && echo "sonde sqlite3" || echo "sqlite3 sonde"); do
        read -r seconds kib cpu < <(timed "$who" "$WORK/db-$LARGE.db")
        rate=$(calc "$LARGE / max($seconds, 0.01)")
        cpu_rate=$(calc "$LARGE / max($cpu, 0.01)")
        if [ "$who" = sonde ]; then
            echo "$rate" >> "$WORK/sonde-rate.txt"; echo "$kib" >> "$WORK/sonde-large-kib.txt"; echo "$cpu_rate" >> "$WORK/sonde-cpu.txt"
        else
            echo "$rate" >> "$WORK/peer-rate.txt"; echo "$kib" >> "$WORK/peer-large-kib.txt"; echo "$cpu_rate" >> "$WORK/peer-cpu.txt"
        fi
        log "round $round $who: $seconds s ($cpu CPU-s), $(calc "f'{$rate:,.0f}'") rows/s, peak $kib KiB"
    done
    read -r _ kib _ < <(timed sonde "$WORK/db-$SMALL.db")
    echo "$kib" >> "$WORK/sonde-small-kib.txt"
done
sonde_rate=$(median "$WORK/sonde-rate.txt")
peer_rate=$(median "$WORK/peer-rate.txt")
large_kib=$(sort -n "$WORK/sonde-large-kib.txt" | tail -1)
small_kib=$(sort -n "$WORK/sonde-small-kib.txt" | tail -1)
peer_kib=$(sort -n "$WORK/peer-large-kib.txt" | tail -1)
ratio=$(calc "$sonde_rate / $peer_rate")
sonde_cpu_rate=$(median "$WORK/sonde-cpu.txt")
peer_cpu_rate=$(median "$WORK/peer-cpu.txt")
cpu_ratio=$(calc "$sonde_cpu_rate / $peer_cpu_rate")
row "samples export: rows/s of \`sonde report --format samples\`, $LARGE rows (4 providers), median of $ROUNDS (peer: sqlite3 -csv, same columns of the same join)" \
    "$(calc "f'{$sonde_rate:,.0f} rows/s'")" "$(calc "f'{$peer_rate:,.0f} rows/s'")" "$(calc "f'{$ratio:.2f}x'")" "≥ 1.0x" \
    "$(calc "'meets' if $ratio >= 1.0 else 'BELOW'")" "$COMMAND"
row "samples export: rows per CPU-second (user + system) of the process, same runs (peer: the same sqlite3 -csv)" \
    "$(calc "f'{$sonde_cpu_rate:,.0f} rows/CPU-s'")" "$(calc "f'{$peer_cpu_rate:,.0f} rows/CPU-s'")" "$(calc "f'{$cpu_ratio:.2f}x'")" \
    "≥ 1.0x" "$(calc "'meets' if $cpu_ratio >= 1.0 else 'BELOW'")" "$COMMAND"
row "samples export: sonde's peak RSS at $LARGE rows (baseline: $SMALL rows; highest of $ROUNDS each)" \
    "$(calc "f'{$large_kib * 1024 / 1e6:.1f} MB'")" "$(calc "f'{$small_kib * 1024 / 1e6:.1f} MB'")" \
    "$(calc "f'{($large_kib - $small_kib) * 1024 / 1e6:+.1f} MB'")" "within 20 MB" \
    "$(calc "'flat' if $large_kib - $small_kib <= $LIMIT_KIB else 'GROWS'")" "$COMMAND"
note "Samples export: one run of 4 providers × $((LARGE / 4)) latency samples (1% refused, NULL phases) built with sqlite3 in the schema of Migrations.swift; sonde: \`sonde report --run ID --format samples\` (release build, .build-release), which reads each provider's rows in sequence order from a prepared statement and writes 1 MiB chunks; peer: \`sqlite3 -csv -header\` $(sqlite3 --version | cut -d' ' -f1) on the same join and columns, in primary-key order without an ORDER BY (any ORDER BY adds a sorter in SQLite 3.40). Both write to a file in the same directory, byte-identical (checked by md5 at $SMALL and $LARGE rows); rounds alternate who goes first, at $PRIORITY_NOTE. Peak RSS of sqlite3 at $LARGE rows: $(calc "f'{$peer_kib * 1024 / 1e6:.1f} MB'")."

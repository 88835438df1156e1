#!/usr/bin/env bash
# Ingest into PostgreSQL: sonde's writer (`sonde-ingest write --db postgresql://...`, the writer's
# own commit path, PostgresBatchCommitter, batch by batch) against a plain C loop over libpq
# (ingest-pg.c) with the same design: per batch one transaction, COPY (text) into a session-local
# staging table, then INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING with the run's counts
# grown in the same statement. Same rows, same batch size, same server: a throwaway cluster
# (scripts/pg-cluster.sh) on 127.0.0.1, each side writing into a fresh schema that sonde migrated.
# Target (issue 19): sonde at least 0.8x the C loop's rows/s.
#
#   Benchmarks/peers/ingest-pg.sh [ROWS] [BATCH] [REPEATS]   (default 200000 20000 3: the server, on the
#                                                            same 2 cores, takes some 20,000 rows/s)
#
# BATCH defaults to 20,000, the size at which SampleWriter counts itself behind and commits again
# at once (SampleWriter.backlogBatch): what the writer commits when probes outrun it.
source "$(dirname "$0")/lib.sh"

ROWS=${1:-200000}
BATCH=${2:-20000}
REPEATS=${3:-3}
COMMAND="Benchmarks/peers/ingest-pg.sh $ROWS $BATCH $REPEATS"

ensure_packages postgresql libpq-dev gcc
build_release sonde-ingest

WORK=$(mktemp -d /tmp/sonde-ingest-pg.XXXXXX)
# Its own directory: run as root, the cluster belongs to the `postgres` user, who cannot enter $WORK.
PGDIR=$(mktemp -d /tmp/sonde-pg.XXXXXX)
trap '"$ROOT/scripts/pg-cluster.sh" stop "$PGDIR" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
"$ROOT/scripts/pg-cluster.sh" start "$PGDIR" >/dev/null
# shellcheck disable=SC1091
. "$PGDIR/env"

gcc -O2 -Wall -o "$WORK/c-ingest-pg" "$BENCH/peers/ingest-pg.c" -I"$(pg_config --includedir)" -lpq

# A fresh schema migrated by sonde (sonde-ingest opens the store, which applies every migration,
# then writes one row that is removed again): both sides insert into exactly sonde's tables.
fresh_schema() {
    # Unique without a counter: this runs in $(...) subshells, whose variables do not come back.
    local schema="ingest_$(date +%s%N)"
    psql -X -q -v ON_ERROR_STOP=1 "$SONDE_TEST_PG" -c "CREATE SCHEMA $schema" >&2
    echo "$SONDE_TEST_PG?options=-csearch_path%3D$schema"
}
migrated_schema() {
    local url
    url=$(fresh_schema)
    "$SONDE_INGEST" write --db "$url" --rows 1 >/dev/null
    psql -X -q -v ON_ERROR_STOP=1 "$url" -c "SET client_min_messages = warning; TRUNCATE samples, run_sample_counts, run_providers, runs, providers RESTART IDENTITY CASCADE" >&2
    echo "$url"
}

# Same rows, or the race means nothing: 10,000 rows each way, compared by hash.
sonde_url=$(fresh_schema)
"$SONDE_INGEST" write --db "$sonde_url" --rows 10000 --batch 3000 >/dev/null
c_url=$(migrated_schema)
"$WORK/c-ingest-pg" "$c_url" 10000 3000 >/dev/null
rows_of() { psql -X -A -t "$1" -c "SELECT provider_id, probe, sequence, intended_ns, started_ns, dns_us, connect_us, tls_us, ttfb_us, total_us, bytes, http_status, error_class, corrected_us, upload_bytes FROM samples ORDER BY provider_id, sequence; SELECT provider_id, probe, samples FROM run_sample_counts ORDER BY 1" | md5sum; }
[ "$(rows_of "$sonde_url")" = "$(rows_of "$c_url")" ] || die "the C peer's rows differ from sonde's"
log "rows match ($(psql -X -A -t "$c_url" -c 'SELECT count(*) FROM samples') rows and the counts compared)"

field() { sed -n "s/.* $1=\\([0-9.]*\\).*/\\1/p" "$2"; }
: > "$WORK/sonde.txt"; : > "$WORK/c.txt"; : > "$WORK/sonde-cpu.txt"; : > "$WORK/c-cpu.txt"
for repeat in $(seq 1 "$REPEATS"); do
    # Alternate which goes first, so neither always meets a warmer or busier server.
    for who in $([ $((repeat % 2)) -eq 1 ] && echo "c sonde" || echo "sonde c"); do
        if [ "$who" = c ]; then
            url=$(migrated_schema)
            ${PRIORITY[@]+"${PRIORITY[@]}"} "$WORK/c-ingest-pg" "$url" "$ROWS" "$BATCH" > "$WORK/run.txt"
        else
            url=$(fresh_schema)
            ${PRIORITY[@]+"${PRIORITY[@]}"} "$SONDE_INGEST" write --db "$url" --rows "$ROWS" --batch "$BATCH" > "$WORK/run.txt"
        fi
        stored=$(psql -X -A -t "$url" -c "SELECT count(*) FROM samples")
        [ "$stored" = "$ROWS" ] || die "$who stored $stored of $ROWS rows"
        field rows_per_s "$WORK/run.txt" >> "$WORK/$who.txt"
        field rows_per_cpu_s "$WORK/run.txt" >> "$WORK/$who-cpu.txt"
        log "repeat $repeat $who: $(tail -1 "$WORK/$who.txt") rows/s, $(tail -1 "$WORK/$who-cpu.txt") rows/CPU-s (client)"
    done
done
sonde_rate=$(median "$WORK/sonde.txt")
c_rate=$(median "$WORK/c.txt")
sonde_cpu_rate=$(median "$WORK/sonde-cpu.txt")
c_cpu_rate=$(median "$WORK/c-cpu.txt")
log "medians: sonde $sonde_rate rows/s ($sonde_cpu_rate/client CPU-s), C $c_rate rows/s ($c_cpu_rate/client CPU-s)"

verdict() { calc "'meets' if $1 >= 0.8 else 'BELOW'"; }
ratio_wall=$(calc "$sonde_rate / $c_rate")
ratio_cpu=$(calc "$sonde_cpu_rate / $c_cpu_rate")
row "ingest into PostgreSQL: rows/s, $ROWS rows in transactions of $BATCH, median of $REPEATS (peer: C loop over libpq, same COPY + INSERT ... ON CONFLICT DO NOTHING design)" \
    "$(calc "f'{$sonde_rate:,.0f} rows/s'")" "$(calc "f'{$c_rate:,.0f} rows/s'")" "$(calc "f'{$ratio_wall:.2f}x'")" \
    "≥ 0.8x" "$(verdict "$ratio_wall")" "$COMMAND"
row "ingest into PostgreSQL: rows per CPU-second of the client process, same runs (peer: the same C loop)" \
    "$(calc "f'{$sonde_cpu_rate:,.0f} rows/CPU-s'")" "$(calc "f'{$c_cpu_rate:,.0f} rows/CPU-s'")" "$(calc "f'{$ratio_cpu:.2f}x'")" \
    "—" "$(calc "'info'")" "$COMMAND"
note "Ingest into PostgreSQL: the synthetic rows of ingest.sh (16 columns, 1% refused attempts with NULL phases), identical in both (checked by hash, with the counts), into a fresh schema migrated by sonde for every run, on a throwaway PostgreSQL $(pg_config --version | cut -d' ' -f2) cluster over 127.0.0.1 TCP with scram-sha-256 (scripts/pg-cluster.sh: fsync, synchronous_commit and full_page_writes off, as in the tests); the server shares the machine's cores with the client. sonde: \`sonde-ingest write --db postgresql://... --batch $BATCH\` times PostgresBatchCommitter.commit per batch (COPY text built byte by byte, the move statement through PQexecParams); C: ingest-pg.c, gcc -O2 against the system libpq, the same text rows, the same statements. Priority of both: $PRIORITY_NOTE; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."

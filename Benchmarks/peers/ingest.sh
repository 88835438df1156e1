#!/usr/bin/env bash
# Ingest: sonde's SampleWriter (its synchronous write path, `writeNow`: one transaction through
# the writer's prepared statements) against a plain C loop over the sqlite3 API (ingest.c) with
# the same write design (32 rows per multi-row INSERT, the rest one by one, per-run counts
# upserted per batch), inserting the same rows into the same schema (the SQL of
# Sources/SondeStore/Migrations.swift, checked below) with the same connection settings.
# Target (issue 17): at least 0.9x the C loop.
#
# Three figures, because wall time on a shared machine is noisy: rows/s of wall-clock time and
# rows per CPU-second of the process over the timed part (medians of REPEATS alternating runs,
# fresh database files on disk), and CPU instructions per row counted by callgrind over the
# timed part only (deterministic for the same binaries and inputs).
#
#   Benchmarks/peers/ingest.sh [ROWS] [REPEATS] [CALLGRIND_ROWS]   (default 1000000 5 20000)
source "$(dirname "$0")/lib.sh"

ROWS=${1:-1000000}
REPEATS=${2:-5}
CG_ROWS=${3:-20000}
COMMAND="Benchmarks/peers/ingest.sh $ROWS $REPEATS $CG_ROWS"

ensure_packages sqlite3 libsqlite3-dev gcc valgrind binutils
build_release sonde-ingest

WORK=$(mktemp -d /tmp/sonde-ingest.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

gcc -O2 -Wall -o "$WORK/c-ingest" "$BENCH/peers/ingest.c" -lsqlite3
# The schema as sonde's migrator creates it: the bookkeeping table first, then every migration.
python3 - "$ROOT/Sources/SondeStore/Migrations.swift" > "$WORK/schema.sql" <<'EOF'
import re, sys, textwrap
blocks = [textwrap.dedent(b).strip().rstrip(";") for b in re.findall(r'"""\n(.*?)"""', open(sys.argv[1]).read(), re.S)]
bookkeeping = [b for b in blocks if "schema_migrations" in b]
print(";\n".join(bookkeeping + [b for b in blocks if b not in bookkeeping]) + ";")
EOF

# Same schema and same rows, or the race means nothing.
"$SONDE_INGEST" write --db "$WORK/check-sonde.db" --rows 10000 >/dev/null
"$WORK/c-ingest" "$WORK/check-c.db" "$WORK/schema.sql" 10000 >/dev/null
schema() { sqlite3 "$1" .schema | tr -s ' \n' ' '; }
[ "$(schema "$WORK/check-sonde.db")" = "$(schema "$WORK/check-c.db")" ] || die "the C peer's schema differs from sonde's"
rows_of() { sqlite3 "$1" "SELECT * FROM samples ORDER BY provider_id, sequence; SELECT * FROM run_sample_counts" | md5sum; }
[ "$(rows_of "$WORK/check-sonde.db")" = "$(rows_of "$WORK/check-c.db")" ] || die "the C peer's rows differ from sonde's"
log "schema and rows match ($(sqlite3 "$WORK/check-c.db" 'SELECT count(*) FROM samples') rows compared)"

# On a shared machine a process at an ordinary priority spends most of its wall time waiting for
# a core; as root (unless REALTIME=0) both sides run SCHED_FIFO, alike, so wall time measures them.
RT=(); PRIORITY_TEXT="default priority"
if [ "${REALTIME:-1}" = 1 ] && [ "$(id -u)" -eq 0 ] && chrt -f 10 true 2>/dev/null; then
    RT=(chrt -f 10); PRIORITY_TEXT="SCHED_FIFO (chrt -f 10), both sides"
fi
field() { sed -n "s/.* $1=\\([0-9.]*\\).*/\\1/p" "$2"; }
: > "$WORK/sonde.txt"
: > "$WORK/c.txt"
: > "$WORK/sonde-cpu.txt"
: > "$WORK/c-cpu.txt"
for repeat in $(seq 1 "$REPEATS"); do
    # Alternate which goes first, so neither always meets a warmer or busier machine.
    for who in $([ $((repeat % 2)) -eq 1 ] && echo "c sonde" || echo "sonde c"); do
        rm -f "$WORK"/race.db*
        if [ "$who" = c ]; then
            ${RT[@]+"${RT[@]}"} "$WORK/c-ingest" "$WORK/race.db" "$WORK/schema.sql" "$ROWS" > "$WORK/run.txt"
        else
            ${RT[@]+"${RT[@]}"} "$SONDE_INGEST" write --db "$WORK/race.db" --rows "$ROWS" > "$WORK/run.txt"
        fi
        field rows_per_s "$WORK/run.txt" >> "$WORK/$who.txt"
        field rows_per_cpu_s "$WORK/run.txt" >> "$WORK/$who-cpu.txt"
        log "repeat $repeat $who: $(tail -1 "$WORK/$who.txt") rows/s, $(tail -1 "$WORK/$who-cpu.txt") rows/CPU-s"
    done
done
rm -f "$WORK"/race.db*
${RT[@]+"${RT[@]}"} "$WORK/c-ingest" "$WORK/race.db" "$WORK/schema.sql" "$ROWS" fk-off > "$WORK/run.txt"
field rows_per_s "$WORK/run.txt" > "$WORK/c-nofk.txt"
sonde_rate=$(median "$WORK/sonde.txt")
c_rate=$(median "$WORK/c.txt")
sonde_cpu_rate=$(median "$WORK/sonde-cpu.txt")
c_cpu_rate=$(median "$WORK/c-cpu.txt")

# callgrind cannot read the debug info of Swift release binaries here: count a copy without it.
strip --strip-debug -o "$WORK/sonde-ingest" "$SONDE_INGEST"
instructions() { sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$1"; }
valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect='*SampleWriterC8writeNow*' \
    "$WORK/sonde-ingest" write --db "$WORK/cg-sonde.db" --rows "$CG_ROWS" >/dev/null 2>"$WORK/cg-sonde.log"
valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect=insert_rows \
    "$WORK/c-ingest" "$WORK/cg-c.db" "$WORK/schema.sql" "$CG_ROWS" >/dev/null 2>"$WORK/cg-c.log"
sonde_ir=$(calc "$(instructions "$WORK/cg-sonde.log") / $CG_ROWS")
c_ir=$(calc "$(instructions "$WORK/cg-c.log") / $CG_ROWS")
log "medians: sonde $sonde_rate rows/s ($sonde_cpu_rate/CPU-s), C $c_rate rows/s ($c_cpu_rate/CPU-s); instructions/row: sonde $sonde_ir, C $c_ir"

verdict() { calc "'meets' if $1 >= 0.9 else 'BELOW'"; }
ratio_wall=$(calc "$sonde_rate / $c_rate")
ratio_cpu=$(calc "$sonde_cpu_rate / $c_cpu_rate")
ratio_ir=$(calc "$c_ir / $sonde_ir")
row "ingest: rows/s into the samples schema, $ROWS rows in one transaction, median of $REPEATS (peer: C loop over the sqlite3 API, same 32-row INSERT design)" \
    "$(calc "f'{$sonde_rate:,.0f} rows/s'")" "$(calc "f'{$c_rate:,.0f} rows/s'")" "$(calc "f'{$ratio_wall:.2f}x'")" \
    "≥ 0.9x" "$(verdict "$ratio_wall")" "$COMMAND"
row "ingest: rows per CPU-second of the process, same runs (peer: the same C loop)" \
    "$(calc "f'{$sonde_cpu_rate:,.0f} rows/CPU-s'")" "$(calc "f'{$c_cpu_rate:,.0f} rows/CPU-s'")" "$(calc "f'{$ratio_cpu:.2f}x'")" \
    "≥ 0.9x" "$(verdict "$ratio_cpu")" "$COMMAND"
row "ingest: CPU instructions per row, callgrind over the insert loop only, $CG_ROWS rows (peer: the same C loop; ratio = C/sonde)" \
    "$(calc "f'{$sonde_ir:,.0f}'")" "$(calc "f'{$c_ir:,.0f}'")" "$(calc "f'{$ratio_ir:.2f}x'")" \
    "≥ 0.9x" "$(verdict "$ratio_ir")" "$COMMAND"
note "Ingest: 16-column sample rows (1% refused attempts with NULL phases), identical in both with identical per-run counts (checked by hash) into the schema of Migrations.swift (checked by \`.schema\`): \`samples\` is WITHOUT ROWID with primary key (run_id, provider_id, probe, sequence) and foreign keys to runs and providers; both connections use WAL, synchronous=NORMAL, foreign_keys=ON; priority of both: $PRIORITY_TEXT; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end. sonde: \`sonde-ingest write\` (Benchmarks/Support/IngestDriver) times \`SampleWriter.writeNow\`, the writer's own write path minus its 250 ms flush interval; C: ingest.c built with gcc -O2 against the system libsqlite3 $(sqlite3 --version | cut -d' ' -f1), SQLITE_STATIC binds, the writer's design: the same 32-row INSERT statement (remainder through a one-row statement), every parameter bound per row, one counts upsert per provider in the same transaction. For scale, the same C loop with foreign_keys=OFF did $(calc "f'{$(cat "$WORK/c-nofk.txt"):,}'") rows/s in this run."

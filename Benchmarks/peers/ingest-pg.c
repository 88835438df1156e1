/*
 * The PostgreSQL ingest peer: a plain C loop over libpq inserting the same synthetic samples as
 * Benchmarks/Support/Fixtures (SyntheticSamples.sample, the same formulas as ingest.c: keep them
 * in step) with the same write design as sonde's PostgresBatchCommitter: per batch, one
 * transaction that COPYs the rows in text format into a session-local staging table
 * (`ON COMMIT DELETE ROWS`), then moves them into `samples` with INSERT ... SELECT ... ON CONFLICT
 * DO NOTHING RETURNING, growing the run's `run_sample_counts` by the rows inserted, in one
 * statement. The schema is sonde's own (the caller migrates the database with sonde first).
 *
 *   ingest-pg CONNINFO ROWS BATCH
 *   prints: rows=N seconds=S rows_per_s=R cpu_seconds=C rows_per_cpu_s=RC
 *
 * CONNINFO is a libpq URL (its search_path may name a fresh schema); the password comes from
 * PGPASSWORD. `insert_rows` is the timed part.
 *
 * Built by Benchmarks/peers/ingest-pg.sh: gcc -O2 ingest-pg.c -I$(pg_config --includedir) -lpq
 */
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static PGconn *conn;

static void check(PGresult *result, ExecStatusType want, const char *what) {
    if (PQresultStatus(result) != want) {
        fprintf(stderr, "ingest-pg: %s: %s", what, PQerrorMessage(conn));
        exit(74);
    }
}

static void exec(const char *sql) {
    PGresult *result = PQexec(conn, sql);
    check(result, PGRES_COMMAND_OK, sql);
    PQclear(result);
}

static double seconds_of(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define COLUMNS "run_id, provider_id, probe, sequence, intended_ns, started_ns, dns_us, connect_us, tls_us, ttfb_us, " \
                "total_us, bytes, http_status, error_class, corrected_us, upload_bytes"

/* An integer's decimal digits, as PostgresBatchCommitter.append(_:to:) writes them (no printf:
 * the peer should not lose on formatting what it wins on the wire). */
static inline char *put_int(char *out, int64_t value) {
    char digits[20];
    int count = 0;
    uint64_t magnitude = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    if (value < 0) *out++ = '-';
    do { digits[count++] = (char)('0' + magnitude % 10); magnitude /= 10; } while (magnitude > 0);
    while (count > 0) *out++ = digits[--count];
    return out;
}

static inline char *put_text(char *out, const char *text) {
    size_t length = strlen(text);
    memcpy(out, text, length);
    return out + length;
}

#define TAB(out) (*(out)++ = '\t')

/* Appends row i of run `run` in COPY text format (tab-separated, \N for NULL), column by column
 * as PostgresBatchCommitter.append does; returns the new end. */
static char *append_row(char *out, int64_t run, int64_t i) {
    const int64_t epoch = 1764000000000000000LL;
    int64_t provider = 1 + i % 4, sequence = i / 4;
    int64_t intended = epoch + sequence * 20000000 + (provider - 1) * 5000000;
    int64_t started = intended + 1000 + (i * 7919) % 50000;
    int64_t dns = 20 + i % 13;
    int refused = i % 100 == 99;
    int64_t connect = dns + 60 + i % 17;
    int64_t ttfb = connect + 300 + (i * 31) % 500;
    out = put_int(out, run); TAB(out);
    out = put_int(out, provider); TAB(out);
    out = put_text(out, "latency"); TAB(out);
    out = put_int(out, sequence); TAB(out);
    out = put_int(out, intended); TAB(out);
    out = put_int(out, started); TAB(out);
    out = put_int(out, dns); TAB(out);
    out = refused ? put_text(out, "\\N") : put_int(out, connect); TAB(out);
    out = put_text(out, "\\N"); TAB(out);
    out = refused ? put_text(out, "\\N") : put_int(out, ttfb); TAB(out);
    out = put_int(out, refused ? dns + 5 : ttfb + 40 + i % 11); TAB(out);
    out = put_int(out, refused ? 0 : 1024); TAB(out);
    out = refused ? put_text(out, "\\N") : put_int(out, 200); TAB(out);
    out = refused ? put_text(out, "refused") : put_text(out, "\\N"); TAB(out);
    out = put_text(out, "\\N"); TAB(out);
    out = put_text(out, "\\N");
    *out++ = '\n';
    return out;
}

/* One batch: BEGIN; COPY into the staging table in 64 KiB chunks; the move with its counts; COMMIT. */
static void commit_batch(int64_t run, int64_t first, int64_t end, char *buffer) {
    exec("BEGIN");
    PGresult *start = PQexec(conn, "COPY sample_stage(" COLUMNS ") FROM STDIN");
    check(start, PGRES_COPY_IN, "COPY");
    PQclear(start);
    char *out = buffer;
    for (int64_t i = first; i < end; i++) {
        out = append_row(out, run, i);
        if (out - buffer >= 64 * 1024) {
            if (PQputCopyData(conn, buffer, (int)(out - buffer)) != 1) { fprintf(stderr, "ingest-pg: copy failed\n"); exit(74); }
            out = buffer;
        }
    }
    if (out > buffer && PQputCopyData(conn, buffer, (int)(out - buffer)) != 1) { fprintf(stderr, "ingest-pg: copy failed\n"); exit(74); }
    PQputCopyEnd(conn, NULL);
    PGresult *result;
    while ((result = PQgetResult(conn)) != NULL) {
        check(result, PGRES_COMMAND_OK, "COPY end");
        PQclear(result);
    }
    char run_text[24];
    snprintf(run_text, sizeof run_text, "%lld", (long long)run);
    const char *values[1] = {run_text};
    /* The writer sends its move through PQexecParams (parsed each time): the same here. */
    result = PQexecParams(conn,
        "WITH inserted AS ("
        " INSERT INTO samples(" COLUMNS ") SELECT " COLUMNS " FROM sample_stage"
        " ON CONFLICT DO NOTHING RETURNING provider_id, probe)"
        " INSERT INTO run_sample_counts(run_id, provider_id, probe, samples)"
        " SELECT $1::bigint, provider_id, probe, count(*) FROM inserted GROUP BY provider_id, probe"
        " ON CONFLICT (run_id, provider_id, probe) DO UPDATE SET samples = run_sample_counts.samples + excluded.samples",
        1, NULL, values, NULL, NULL, 0);
    check(result, PGRES_COMMAND_OK, "move");
    PQclear(result);
    exec("COMMIT");
}

/* The timed part: ROWS rows in transactions of BATCH rows. */
__attribute__((noinline)) static void insert_rows(int64_t run, int64_t rows, int64_t batch) {
    char *buffer = malloc(64 * 1024 + 512);
    for (int64_t first = 0; first < rows; first += batch) {
        commit_batch(run, first, first + batch < rows ? first + batch : rows, buffer);
    }
    free(buffer);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: ingest-pg CONNINFO ROWS BATCH\n");
        return 64;
    }
    const int64_t rows = atoll(argv[2]), batch = atoll(argv[3]);
    conn = PQconnectdb(argv[1]);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "ingest-pg: %s", PQerrorMessage(conn));
        return 69;
    }
    /* The rows the samples refer to: a run and providers 1...4, as in a new sonde database. */
    PGresult *result = PQexec(conn,
        "INSERT INTO runs(uuid, started_at_ns, status, label, sonde_version, config_hash, config_text) "
        "VALUES ('c-peer', 1764000000000000000, 'running', 'ingest', 'c', '0', '') RETURNING id");
    check(result, PGRES_TUPLES_OK, "run");
    int64_t run = atoll(PQgetvalue(result, 0, 0));
    PQclear(result);
    for (int p = 1; p <= 4; p++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "INSERT INTO providers(name, kind, region, jurisdiction, endpoint) "
                 "VALUES ('synthetic-%d', '%s', 'lo', '', 'http://127.0.0.1:9/%d')",
                 p, p == 1 ? "centralized" : "depin", p);
        exec(sql);
    }
    exec("CREATE TEMP TABLE IF NOT EXISTS sample_stage (LIKE samples INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");

    double start = seconds_of(CLOCK_MONOTONIC), cpu_start = seconds_of(CLOCK_PROCESS_CPUTIME_ID);
    insert_rows(run, rows, batch);
    double seconds = seconds_of(CLOCK_MONOTONIC) - start;
    double cpu_seconds = seconds_of(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
    PQfinish(conn);
    printf("rows=%lld seconds=%.4f rows_per_s=%lld cpu_seconds=%.4f rows_per_cpu_s=%lld\n", (long long)rows, seconds,
           (long long)(rows / seconds), cpu_seconds, (long long)(rows / cpu_seconds));
    return 0;
}

/*
 * The ingest peer: a plain C loop over the sqlite3 API inserting the same synthetic samples as
 * Benchmarks/IngestDriver (same formulas, keep them in step) into the same schema (the SQL of
 * Sources/SondeStore/Migrations.swift, passed in as a file), with the same connection settings
 * as sonde's SQLiteConnection, and the same write design as SampleWriter.write: one transaction,
 * 32 rows per multi-row INSERT (the remainder one by one), per-run counts upserted at the end.
 *
 *   ingest DB SCHEMA.sql ROWS [fk-off]
 *   prints: rows=N seconds=S rows_per_s=R cpu_seconds=C rows_per_cpu_s=RC
 *
 * `fk-off` leaves foreign-key enforcement off (SQLite's default, which sonde does not use), to
 * show what the checks cost. `insert_rows` is the timed part, on its own for callgrind.
 *
 * Built by Benchmarks/peers/ingest.sh: gcc -O2 ingest.c -lsqlite3
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static sqlite3 *db;

static void check(int code, const char *what) {
    if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW) {
        fprintf(stderr, "ingest: %s: %s\n", what, sqlite3_errmsg(db));
        exit(74);
    }
}

static void exec(const char *sql) {
    char *message = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK) {
        fprintf(stderr, "ingest: %s\n  in: %.80s\n", message, sql);
        exit(74);
    }
}

static char *read_file(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(66); }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    rewind(file);
    char *text = malloc((size_t)size + 1);
    if (fread(text, 1, (size_t)size, file) != (size_t)size) { perror(path); exit(66); }
    text[size] = 0;
    fclose(file);
    return text;
}

static double seconds_of(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Rows per multi-row INSERT and columns per row: SampleWriter.rowsPerInsert and columnsPerRow. */
#define ROWS_PER_INSERT 32
#define COLUMNS 16

/* Binds row i's 16 columns after the statement's first `offset` parameters, as SampleWriter's
 * bind(_:to:at:) does (every parameter bound for every row, corrected_us and upload_bytes NULL). */
static inline void bind_row(sqlite3_stmt *insert, int offset, int64_t i) {
    const int64_t epoch = 1764000000000000000LL;
    int64_t provider = 1 + i % 4, sequence = i / 4;
    int64_t intended = epoch + sequence * 20000000 + (provider - 1) * 5000000;
    int64_t started = intended + 1000 + (i * 7919) % 50000;
    int64_t dns = 20 + i % 13;
    sqlite3_bind_int64(insert, offset + 1, 1);
    sqlite3_bind_int64(insert, offset + 2, provider);
    sqlite3_bind_text(insert, offset + 3, "latency", -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert, offset + 4, sequence);
    sqlite3_bind_int64(insert, offset + 5, intended);
    sqlite3_bind_int64(insert, offset + 6, started);
    sqlite3_bind_int64(insert, offset + 7, dns);
    sqlite3_bind_null(insert, offset + 9);
    if (i % 100 == 99) { /* refused */
        sqlite3_bind_null(insert, offset + 8);
        sqlite3_bind_null(insert, offset + 10);
        sqlite3_bind_int64(insert, offset + 11, dns + 5);
        sqlite3_bind_int64(insert, offset + 12, 0);
        sqlite3_bind_null(insert, offset + 13);
        sqlite3_bind_text(insert, offset + 14, "refused", -1, SQLITE_STATIC);
    } else {
        int64_t connect = dns + 60 + i % 17;
        int64_t ttfb = connect + 300 + (i * 31) % 500;
        sqlite3_bind_int64(insert, offset + 8, connect);
        sqlite3_bind_int64(insert, offset + 10, ttfb);
        sqlite3_bind_int64(insert, offset + 11, ttfb + 40 + i % 11);
        sqlite3_bind_int64(insert, offset + 12, 1024);
        sqlite3_bind_int64(insert, offset + 13, 200);
        sqlite3_bind_null(insert, offset + 14);
    }
    sqlite3_bind_null(insert, offset + 15);
    sqlite3_bind_null(insert, offset + 16);
}

/* The timed part, SampleWriter.write's design: one transaction; groups of ROWS_PER_INSERT rows
 * through one multi-row statement, the rest one by one through a single-row statement; then
 * the run's per-provider sample counts added with one upsert per provider (migration 7). */
__attribute__((noinline)) static void insert_rows(sqlite3_stmt *many, sqlite3_stmt *one, sqlite3_stmt *count, int64_t rows) {
    int64_t per_provider[5] = {0};
    exec("BEGIN IMMEDIATE");
    int64_t i = 0;
    for (; rows - i >= ROWS_PER_INSERT; i += ROWS_PER_INSERT) {
        for (int row = 0; row < ROWS_PER_INSERT; row++) {
            bind_row(many, row * COLUMNS, i + row);
            per_provider[1 + (i + row) % 4]++;
        }
        check(sqlite3_step(many), "insert");
        sqlite3_reset(many);
    }
    for (; i < rows; i++) {
        bind_row(one, 0, i);
        per_provider[1 + i % 4]++;
        check(sqlite3_step(one), "insert");
        sqlite3_reset(one);
    }
    for (int provider = 1; provider <= 4; provider++) {
        if (per_provider[provider] == 0) continue;
        sqlite3_bind_int64(count, 1, 1);
        sqlite3_bind_int64(count, 2, provider);
        sqlite3_bind_text(count, 3, "latency", -1, SQLITE_STATIC);
        sqlite3_bind_int64(count, 4, per_provider[provider]);
        check(sqlite3_step(count), "count");
        sqlite3_reset(count);
    }
    exec("COMMIT");
}

/* SampleWriter.insertSQL(rows:): the 16 columns, `rows` value tuples. */
static sqlite3_stmt *prepare_insert(int rows) {
    static const char head[] =
        "INSERT INTO samples(run_id, provider_id, probe, sequence, intended_ns, started_ns, "
        "dns_us, connect_us, tls_us, ttfb_us, total_us, bytes, http_status, error_class, corrected_us, upload_bytes) VALUES ";
    static const char tuple[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    char *sql = malloc(sizeof head + (size_t)rows * (sizeof tuple + 2));
    strcpy(sql, head);
    for (int row = 0; row < rows; row++) {
        if (row) strcat(sql, ", ");
        strcat(sql, tuple);
    }
    sqlite3_stmt *statement;
    check(sqlite3_prepare_v2(db, sql, -1, &statement, NULL), "prepare");
    free(sql);
    return statement;
}

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: ingest DB SCHEMA.sql ROWS [fk-off]\n");
        return 64;
    }
    const int64_t rows = atoll(argv[3]);
    check(sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), "open");
    sqlite3_busy_timeout(db, 10000);
    /* sonde's SQLiteConnection settings. */
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    if (argc < 5) exec("PRAGMA foreign_keys=ON");
    exec(read_file(argv[2]));

    /* The rows the samples refer to: run 1 and providers 1...4, as in a new sonde database. */
    exec("INSERT INTO runs(uuid, started_at_ns, status, label, sonde_version, config_hash, config_text) "
         "VALUES ('c-peer', 1764000000000000000, 'running', 'ingest', 'c', '0', '')");
    for (int p = 1; p <= 4; p++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "INSERT INTO providers(name, kind, region, jurisdiction, endpoint) "
                 "VALUES ('synthetic-%d', '%s', 'lo', '', 'http://127.0.0.1:9/%d')",
                 p, p == 1 ? "centralized" : "depin", p);
        exec(sql);
    }

    sqlite3_stmt *many = prepare_insert(ROWS_PER_INSERT), *one = prepare_insert(1), *count;
    check(sqlite3_prepare_v2(db,
        "INSERT INTO run_sample_counts(run_id, provider_id, probe, samples) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(run_id, provider_id, probe) DO UPDATE SET samples = samples + excluded.samples", -1, &count, NULL), "prepare");

    double start = seconds_of(CLOCK_MONOTONIC), cpu_start = seconds_of(CLOCK_PROCESS_CPUTIME_ID);
    insert_rows(many, one, count, rows);
    double seconds = seconds_of(CLOCK_MONOTONIC) - start;
    double cpu_seconds = seconds_of(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
    sqlite3_finalize(many);
    sqlite3_finalize(one);
    sqlite3_finalize(count);
    sqlite3_close(db);
    printf("rows=%lld seconds=%.4f rows_per_s=%lld cpu_seconds=%.4f rows_per_cpu_s=%lld\n", (long long)rows, seconds,
           (long long)(rows / seconds), cpu_seconds, (long long)(rows / cpu_seconds));
    return 0;
}

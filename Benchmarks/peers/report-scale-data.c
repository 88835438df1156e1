/*
 * Latency samples for Benchmarks/peers/report-scale.sh: fills a run that `sonde run` created (so
 * the schema, the providers and the stored configuration are sonde's own) with PER_PROVIDER
 * latency attempts per provider, replacing the few the short run stored.
 *
 *   report-scale-data DB RUN_UUID PER_PROVIDER SEED
 *
 * Per provider, in schedule order from the run's start, 83 ms apart (the stored interval, ~12/s):
 * phases drawn independently per attempt from seeded log-normals (xoshiro256** from SplitMix64
 * of SEED and the provider's name, Box-Muller normals), the centralized baseline aws-us-east-1
 * narrowest (server-time sigma 0.25; akash-eu 0.45, io-net-ap 0.6, render-us 0.35, others 0.4);
 * 1% refused (NULL phases after DNS, no status, a total of 40-48 us). Then the run's kept counts
 * (run_sample_counts) and its finish time (its start + PER_PROVIDER attempts) are set to match.
 * One transaction, rows in primary-key order through a prepared 32-row INSERT.
 *
 * Built by report-scale.sh: gcc -O2 report-scale-data.c -lsqlite3 -lm
 */
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *db;

static void check(int code, const char *what) {
    if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW) {
        fprintf(stderr, "report-scale-data: %s: %s\n", what, sqlite3_errmsg(db));
        exit(74);
    }
}

static void exec(const char *sql) {
    check(sqlite3_exec(db, sql, NULL, NULL, NULL), sql);
}

/* xoshiro256** (Blackman & Vigna 2018), seeded through SplitMix64. */
static uint64_t state[4];

static uint64_t splitmix(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next(void) {
    uint64_t result = rotl(state[1] * 5, 7) * 9, t = state[1] << 17;
    state[2] ^= state[0];
    state[3] ^= state[1];
    state[1] ^= state[2];
    state[0] ^= state[3];
    state[2] ^= t;
    state[3] = rotl(state[3], 45);
    return result;
}

/* Uniform in (0, 1): 53 random bits, never 0. */
static double uniform(void) { return ((double)(next() >> 11) + 0.5) / 9007199254740992.0; }

/* Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
static double normal(void) {
    static int have = 0;
    static double spare;
    if (have) {
        have = 0;
        return spare;
    }
    double r = sqrt(-2 * log(uniform())), theta = 6.283185307179586 * uniform();
    spare = r * sin(theta);
    have = 1;
    return r * cos(theta);
}

static int64_t lognormal(double median, double sigma) { return llround(median * exp(sigma * normal())); }

static double sigma_of(const char *name) {
    if (strcmp(name, "aws-us-east-1") == 0) return 0.25;
    if (strcmp(name, "akash-eu") == 0) return 0.45;
    if (strcmp(name, "io-net-ap") == 0) return 0.6;
    if (strcmp(name, "render-us") == 0) return 0.35;
    return 0.4;
}

#define ROWS_PER_INSERT 32
#define COLUMNS 13

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: report-scale-data DB RUN_UUID PER_PROVIDER SEED\n");
        return 64;
    }
    const char *uuid = argv[2];
    long long n = atoll(argv[3]);
    uint64_t seed = strtoull(argv[4], NULL, 10);
    check(sqlite3_open(argv[1], &db), "open");
    /* No journal while filling (a failed build is thrown away); WAL again at the end, as sonde keeps it. */
    exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536");

    sqlite3_stmt *query;
    check(sqlite3_prepare_v2(db, "SELECT id, started_at_ns FROM runs WHERE uuid = ?", -1, &query, NULL), "prepare run");
    sqlite3_bind_text(query, 1, uuid, -1, SQLITE_STATIC);
    if (sqlite3_step(query) != SQLITE_ROW) {
        fprintf(stderr, "report-scale-data: no run %s\n", uuid);
        return 65;
    }
    int64_t run = sqlite3_column_int64(query, 0), start = sqlite3_column_int64(query, 1);
    sqlite3_finalize(query);

    /* The run's providers: those its short run stored samples for, by store id. */
    int64_t providers[64];
    char names[64][128];
    int count = 0;
    check(sqlite3_prepare_v2(db, "SELECT p.id, p.name FROM providers p WHERE p.id IN "
                                 "(SELECT provider_id FROM run_sample_counts WHERE run_id = ? AND probe = 'latency') ORDER BY p.id",
                             -1, &query, NULL), "prepare providers");
    sqlite3_bind_int64(query, 1, run);
    while (sqlite3_step(query) == SQLITE_ROW && count < 64) {
        providers[count] = sqlite3_column_int64(query, 0);
        snprintf(names[count], sizeof names[count], "%s", (const char *)sqlite3_column_text(query, 1));
        count++;
    }
    sqlite3_finalize(query);
    if (count == 0) {
        fprintf(stderr, "report-scale-data: run %s has no latency samples to replace\n", uuid);
        return 65;
    }

    char sql[8192];
    exec("BEGIN");
    snprintf(sql, sizeof sql, "DELETE FROM samples WHERE run_id = %lld", (long long)run);
    exec(sql);
    char *at = sql;
    at += sprintf(at, "INSERT INTO samples(run_id, provider_id, probe, sequence, intended_ns, started_ns, dns_us, connect_us, "
                      "tls_us, ttfb_us, total_us, bytes, http_status, error_class) VALUES ");
    for (int row = 0; row < ROWS_PER_INSERT; row++)
        at += sprintf(at, "%s(?, ?, 'latency', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row ? ", " : "");
    sqlite3_stmt *insert;
    check(sqlite3_prepare_v2(db, sql, -1, &insert, NULL), "prepare insert");
    sqlite3_stmt *single;
    check(sqlite3_prepare_v2(db, "INSERT INTO samples(run_id, provider_id, probe, sequence, intended_ns, started_ns, dns_us, "
                                 "connect_us, tls_us, ttfb_us, total_us, bytes, http_status, error_class) "
                                 "VALUES (?, ?, 'latency', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &single, NULL), "prepare single");
    sqlite3_stmt *counts;
    check(sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO run_sample_counts(run_id, provider_id, probe, samples) VALUES (?, ?, 'latency', ?)",
                             -1, &counts, NULL), "prepare counts");

    for (int p = 0; p < count; p++) {
        uint64_t x = seed;
        for (const char *c = names[p]; *c; c++) x = x * 31 + (unsigned char)*c;
        for (int i = 0; i < 4; i++) state[i] = splitmix(&x);
        double sigma = sigma_of(names[p]);
        long long sequence = 0;
        while (sequence < n) {
            int rows = n - sequence >= ROWS_PER_INSERT ? ROWS_PER_INSERT : 1;
            sqlite3_stmt *statement = rows == ROWS_PER_INSERT ? insert : single;
            for (int row = 0; row < rows; row++, sequence++) {
                int base = row * COLUMNS;
                int64_t intended = start + sequence * 83000000;
                int64_t started = intended + 20000 + (int64_t)(next() % 90000);
                int64_t dns = 15 + (int64_t)(next() % 25);
                int refused = next() % 100 == 0;
                sqlite3_bind_int64(statement, base + 1, run);
                sqlite3_bind_int64(statement, base + 2, providers[p]);
                sqlite3_bind_int64(statement, base + 3, sequence);
                sqlite3_bind_int64(statement, base + 4, intended);
                sqlite3_bind_int64(statement, base + 5, started);
                sqlite3_bind_int64(statement, base + 6, dns);
                if (refused) {
                    for (int column = 7; column <= 9; column++) sqlite3_bind_null(statement, base + column);
                    sqlite3_bind_int64(statement, base + 10, 40 + sequence % 9);
                    sqlite3_bind_int64(statement, base + 11, 0);
                    sqlite3_bind_null(statement, base + 12);
                    sqlite3_bind_text(statement, base + 13, "refused", -1, SQLITE_STATIC);
                    continue;
                }
                int64_t connect = dns + lognormal(80, 0.2);
                int64_t tls = connect + lognormal(900, 0.2);
                int64_t ttfb = tls + lognormal(30000, sigma);
                int64_t total = ttfb + lognormal(500, 0.5) + 1;
                sqlite3_bind_int64(statement, base + 7, connect);
                sqlite3_bind_int64(statement, base + 8, tls);
                sqlite3_bind_int64(statement, base + 9, ttfb);
                sqlite3_bind_int64(statement, base + 10, total);
                sqlite3_bind_int64(statement, base + 11, 612);
                sqlite3_bind_int64(statement, base + 12, 200);
                sqlite3_bind_null(statement, base + 13);
            }
            check(sqlite3_step(statement), "insert");
            sqlite3_reset(statement);
        }
        sqlite3_bind_int64(counts, 1, run);
        sqlite3_bind_int64(counts, 2, providers[p]);
        sqlite3_bind_int64(counts, 3, n);
        check(sqlite3_step(counts), "counts");
        sqlite3_reset(counts);
    }
    snprintf(sql, sizeof sql, "UPDATE runs SET finished_at_ns = %lld WHERE id = %lld", (long long)(start + n * 83000000), (long long)run);
    exec(sql);
    exec("COMMIT");
    exec("PRAGMA journal_mode=WAL");
    sqlite3_finalize(insert);
    sqlite3_finalize(single);
    sqlite3_finalize(counts);
    sqlite3_close(db);
    return 0;
}

#!/usr/bin/env python3
"""Latency samples for Benchmarks/peers/report-scale.sh, inserted with Python's sqlite3 module
into a database that already has sonde's schema, the runs and the providers.

  report-scale-data.py DB RUN_ROWID PER_PROVIDER SEED

Four providers (store ids 1-4: akash-eu, aws-us-east-1, io-net-ap, render-us), PER_PROVIDER
latency attempts each in schedule order, 12 attempts/s: phases drawn independently per attempt
(seeded log-normals; the DePIN providers with wider spread), 1% refused (NULL phases, no status).
"""
import sqlite3
import sys

import numpy as np

path, run, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(seed)
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=OFF")
# (store id, sigma of the server time): aws-us-east-1 (2) is the centralized baseline.
for provider, sigma in ((1, 0.45), (2, 0.25), (3, 0.6), (4, 0.35)):
    seq = np.arange(n, dtype=np.int64)
    intended = 1764000000000000000 + seq * 83333333 + (run - 1) * 86400 * 10**9
    started = intended + rng.integers(20000, 110000, n)
    dns = rng.integers(15, 40, n)
    connect = dns + np.rint(80 * rng.lognormal(0, 0.2, n)).astype(np.int64)
    tls = connect + np.rint(900 * rng.lognormal(0, 0.2, n)).astype(np.int64)
    ttfb = tls + np.rint(30000 * rng.lognormal(0, sigma, n)).astype(np.int64)
    total = ttfb + np.rint(500 * rng.lognormal(0, 0.5, n)).astype(np.int64) + 1
    failed = (rng.random(n) < 0.01).tolist()
    columns = [c.tolist() for c in (seq, intended, started, dns, connect, tls, ttfb, total)]

    def rows():
        for i, (s, it, st, d, c, t, f, tot) in enumerate(zip(*columns)):
            if failed[i]:
                yield (run, provider, s, it, st, d, None, None, None, 40 + i % 9, 0, None, "refused")
            else:
                yield (run, provider, s, it, st, d, c, t, f, tot, 612, 200, None)

    db.executemany("INSERT INTO samples(run_id, provider_id, probe, sequence, intended_ns, started_ns, dns_us, connect_us, "
                   "tls_us, ttfb_us, total_us, bytes, http_status, error_class) "
                   "VALUES (?, ?, 'latency', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
    db.commit()
db.close()

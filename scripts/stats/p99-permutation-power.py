#!/usr/bin/env python3
"""The gate's p99 rule with permutation p-values, independently of sonde (docs/statistics.md).

n = 1,000 log-normal latencies a side, Harrell-Davis p99, T = log(p99_c / p99_b); the p-value is
(1 + #{T* >= T}) / (1 + R) over R = 2,000 random relabellings of the pooled values. The rule
`p99 max_increase 10%` fails when T > log 1.1 and p < level. Prints failure rates for A/A and a
x1.2 candidate at sigma 0.3 and 0.5 (300 repetitions each, about 40 s apiece on 2 cores).
Needs numpy and scipy (pip install numpy scipy).

    python3 scripts/stats/p99-permutation-power.py [seed]
    # seed 1 (2026-11-25): sigma 0.3 A/A 0.003, x1.2 0.933; sigma 0.5 A/A 0.003, x1.2 0.507 (level 0.005)
"""
import sys

import numpy as np
from scipy.stats import beta

n, R, reps = 1000, 2000, 300
grid = np.arange(n + 1) / n
weights = np.diff(beta.cdf(grid, 0.99 * (n + 1), 0.01 * (n + 1)))   # Harrell & Davis (1982), p = 0.99
rng = np.random.default_rng(int(sys.argv[1]) if len(sys.argv) > 1 else 1)


def hd(x):
    return np.sort(x, axis=-1) @ weights


for sigma in (0.3, 0.5):
    for scale in (1.0, 1.2):
        fails = {level: 0 for level in (0.005, 0.0075, 0.01)}
        for _ in range(reps):
            b = np.exp(sigma * rng.standard_normal(n))
            c = scale * np.exp(sigma * rng.standard_normal(n))
            observed = np.log(hd(c) / hd(b))
            pool = np.concatenate([b, c])[np.argsort(rng.random((R, 2 * n)), axis=1)]
            relabelled = np.log(hd(pool[:, n:]) / hd(pool[:, :n]))
            p = (1 + np.sum(relabelled >= observed)) / (R + 1)
            for level in fails:
                fails[level] += p < level and observed > np.log(1.1)
        print(f"sigma {sigma} x{scale}: " + ", ".join(f"level {a}: {k / reps:.3f}" for a, k in fails.items()), flush=True)

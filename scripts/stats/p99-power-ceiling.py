#!/usr/bin/env python3
"""The best power any SE estimate can give the gate's p99 rule (docs/statistics.md).

Harrell-Davis p99 of n = 1,000 log-normal latencies, 4,000 simulated samples per sigma: the
empirical sd of log(p99) is the exact SE an oracle would know. With it, a x1.2 candidate fails the
rule `p99 max_increase 10%` (point > 1.1 and one-sided z above the level's quantile) with the
probabilities printed. Needs numpy and scipy (pip install numpy scipy).

    python3 scripts/stats/p99-power-ceiling.py
"""
import numpy as np
from scipy.stats import beta, norm

n = 1000
grid = np.arange(n + 1) / n
a, b = 0.99 * (n + 1), 0.01 * (n + 1)
weights = np.diff(beta.cdf(grid, a, b))          # Harrell & Davis (1982) weights for p = 0.99
rng = np.random.default_rng(3)
for sigma in (0.3, 0.5):
    logs = [np.log(weights @ np.sort(np.exp(sigma * rng.standard_normal(n)))) for _ in range(4000)]
    sd = float(np.std(logs))
    se = sd * np.sqrt(2)                              # two independent sides
    d = np.log(1.2)
    print(f"sigma {sigma}: sd(log HD p99) {sd:.4f}; P(point > 1.1) {norm.sf((np.log(1.1) - d) / se):.3f}; "
          f"P(z > q) at level 0.005 {norm.sf(norm.isf(0.005) - d / se):.3f}, at 0.01 {norm.sf(norm.isf(0.01) - d / se):.3f}")

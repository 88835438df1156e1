#!/usr/bin/env python3
"""scipy's BCa interval of a variance ratio, with the replicates it used, as Swift literals.

Draws a log-normal candidate (n = 30, sigma 0.8) and baseline (n = 25, sigma 0.4), runs
scipy.stats.bootstrap(method='BCa') on var(candidate, ddof=1) / var(baseline, ddof=1) with 199
resamples, and prints the data, scipy's bootstrap distribution, the bias correction z0, the
jackknife acceleration a (scipy's own `_bca_interval`, which `bootstrap` calls), the adjusted
levels and the interval. `Tests/SondeCoreTests/Statistics/BCaIntervalTests.swift` pastes them and
checks that sonde's `BCaInterval`, given the same replicates, reproduces them.
Needs numpy and scipy (pip install numpy scipy); takes well under a second.

    python3 scripts/stats/bca-variance-ratio.py [seed]
"""
import sys

import numpy as np
from scipy import stats
from scipy.stats._resampling import _bca_interval

seed = int(sys.argv[1]) if len(sys.argv) > 1 else 23
rng = np.random.default_rng(seed)
candidate = np.round(rng.lognormal(np.log(50.0), 0.8, 30), 3)
baseline = np.round(rng.lognormal(np.log(40.0), 0.4, 25), 3)


def ratio(c, b, axis=-1):
    return np.var(c, ddof=1, axis=axis) / np.var(b, ddof=1, axis=axis)


res = stats.bootstrap((candidate, baseline), ratio, method='BCa', n_resamples=199, confidence_level=0.95,
                      vectorized=True, rng=np.random.default_rng(seed + 1))
reps = res.bootstrap_distribution
a1, a2, a_hat = _bca_interval((candidate, baseline), ratio, axis=-1, alpha=0.025, theta_hat_b=reps, batch=None, xp=np)
theta = ratio(candidate, baseline)
z0 = stats.norm.ppf((np.count_nonzero(reps < theta) + np.count_nonzero(reps <= theta)) / (2 * len(reps)))


def swift(name, values):
    body = ",\n        ".join(", ".join(repr(float(v)) for v in values[i:i + 6]) for i in range(0, len(values), 6))
    print(f"    static let {name}: [Double] = [\n        {body},\n    ]")


print(f"    // python3 scripts/stats/bca-variance-ratio.py {seed}   (scipy {__import__('scipy').__version__}, numpy {np.__version__})")
swift("candidate", candidate)
swift("baseline", baseline)
swift("replicates", reps)
print(f"    static let estimate = {float(theta)!r}")
print(f"    static let z0 = {float(z0)!r}")
print(f"    static let acceleration = {float(a_hat)!r}")
print(f"    static let lowerLevel = {float(a1)!r}")
print(f"    static let upperLevel = {float(a2)!r}")
print(f"    static let lower = {float(res.confidence_interval.low)!r}")
print(f"    static let upper = {float(res.confidence_interval.high)!r}")

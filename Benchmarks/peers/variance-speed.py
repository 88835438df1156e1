#!/usr/bin/env python3
"""The numpy/scipy side of Benchmarks/peers/variance-speed.sh.

  variance-speed.py generate FILE N PROVIDERS
      writes PROVIDERS series of N float64 little-endian latencies (seeded lognormals with growing
      spread, provider after provider): the one input both sides read.
  variance-speed.py analyse FILE N PROVIDERS RESAMPLES [MEASURED]
      the statistics sonde-variance-bench computes, vectorised with numpy/scipy: per candidate vs
      the baseline (provider 1) the ratios of variance (ddof=1), IQR and unscaled MAD (type-7 =
      numpy's default 'linear' percentiles), p99/p50, scipy.stats.levene(center='median') and
      scipy.stats.mannwhitneyu; then the bootstrap workload of SpreadComparison.compareEach:
      RESAMPLES iid resamples of each provider (the baseline once), each giving variance, IQR,
      MAD and p99/p50, and percentile intervals of the ratios. With MEASURED < RESAMPLES only
      MEASURED resamples per provider are run and the bootstrap time is extrapolated linearly to
      RESAMPLES (printed as such: extrapolated=1, measured_resamples=MEASURED).
Prints key=value lines, point estimates with 17 significant digits.
"""
import sys
import time

import numpy as np
import scipy.stats


def generate(path, n, providers):
    rng = np.random.default_rng(20240603)
    with open(path, "wb") as out:
        for p in range(providers):
            sigma = 0.3 + 0.2 * p
            values = 0.020 * rng.lognormal(mean=0.0, sigma=sigma, size=n)
            values.astype("<f8").tofile(out)


def spread(x, axis=None):
    """Variance (n - 1), IQR, unscaled MAD and p99/p50 of x (along axis)."""
    var = np.var(x, axis=axis, ddof=1)
    p25, p50, p75, p99 = np.percentile(x, [25, 50, 75, 99], axis=axis)
    centre = p50 if axis is None else p50[:, None]
    mad = np.median(np.abs(x - centre), axis=axis)
    return np.stack([var, p75 - p25, mad, p99 / p50], axis=-1)


def analyse(path, n, providers, resamples, measured):
    data = np.fromfile(path, dtype="<f8")
    assert data.size == n * providers, f"{path} must hold {providers} x {n} values"
    series = data.reshape(providers, n)
    out = []
    g = lambda v: format(float(v), ".17g")

    start = time.perf_counter()
    observed = [spread(x) for x in series]
    tests = []
    for p in range(1, providers):
        bf = scipy.stats.levene(series[0], series[p], center="median")
        mw = scipy.stats.mannwhitneyu(series[p], series[0], alternative="two-sided", method="asymptotic")
        tests.append((bf, mw))
    fixed = time.perf_counter() - start

    # The bootstrap: `measured` iid resamples per provider, in batches of rows.
    rng = np.random.default_rng(42)
    batch = max(1, min(measured, 4_000_000 // n))
    start = time.perf_counter()
    replicates = []
    for x in series:
        stats = []
        done = 0
        while done < measured:
            rows = min(batch, measured - done)
            sample = x[rng.integers(0, n, size=(rows, n))]
            stats.append(spread(sample, axis=1))
            done += rows
        replicates.append(np.concatenate(stats))
    intervals = [np.percentile(replicates[p] / replicates[0], [2.5, 97.5], axis=0) for p in range(1, providers)]
    boot = time.perf_counter() - start

    for p in range(1, providers):
        ratio = observed[p] / observed[0]
        bf, mw = tests[p - 1]
        q = p + 1
        out += [f"variance_ratio_{q}={g(ratio[0])}", f"iqr_ratio_{q}={g(ratio[1])}", f"mad_ratio_{q}={g(ratio[2])}",
                f"tail_ratio_{q}={g(ratio[3])}", f"brown_forsythe_{q}={g(bf.statistic)}",
                f"mann_whitney_u_{q}={g(mw.statistic)}", f"brown_forsythe_p_{q}={g(bf.pvalue)}",
                f"mann_whitney_p_{q}={g(mw.pvalue)}",
                f"variance_ci_{q}={g(intervals[p - 1][0][0])},{g(intervals[p - 1][1][0])}"]
    total = fixed + boot * resamples / measured
    out += [f"fixed_seconds={g(fixed)}", f"bootstrap_seconds_measured={g(boot)}",
            f"measured_resamples={measured}", f"extrapolated={int(measured < resamples)}",
            f"seconds={g(total)}"]
    print("\n".join(out))


if __name__ == "__main__":
    mode, path, n, providers = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if mode == "generate":
        generate(path, n, providers)
    elif mode == "analyse":
        resamples = int(sys.argv[5])
        measured = int(sys.argv[6]) if len(sys.argv) > 6 else resamples
        analyse(path, n, providers, resamples, min(measured, resamples))
    else:
        sys.exit(f"unknown mode {mode}")

#!/usr/bin/env python3
"""The numpy/scipy peer of `sonde report` for Benchmarks/peers/report-scale.sh (issue 17).

  report-peer.py DB RUN_UUID [SONDE_JSON]
  report-peer.py --check PEER_OUTPUT SONDE_JSON   (compares a saved run's printed estimates)

Reads the run's latency rows from the same SQLite database with Python's sqlite3 module and
computes what `sonde report` computes for them (docs/statistics.md, "Comparison with the
baseline"), by the same method:
- per provider and phase (total, dns, connect, tls, first byte, transfer; successful attempts
  only): count, mean, sd (n - 1), min, max, p25/p50/p75/p90/p99/p99.9 (type 7 = numpy's
  'linear'), IQR, unscaled MAD;
- every comparison with the baseline (each other provider; each region, aligned on the members'
  medians when it has several; the DePIN providers pooled within-provider and as one population):
  the variance (n - 1), IQR, MAD and p99/p50 ratios, the pooled median, Brown-Forsythe
  (scipy.stats.levene, center='median') and Mann-Whitney (scipy.stats.mannwhitneyu, asymptotic,
  continuity-corrected) p-values, lag-1 autocorrelations, the throughput ratio (mean body
  bytes / total time); each phase's variance, share and ratio to the baseline's; the pooled DePIN
  ratio with each provider left out;
- the same bootstrap: the analysis options' resample count (2,000 by default) of iid resamples a
  side (the baseline's drawn once and shared by every comparison, as sonde does), each candidate
  group resampled within itself, as multinomial counts over the side's sorted values (numpy's
  bincount of uniform draws); each resample gives variance, IQR, MAD, p99/p50 and the SE of
  log(variance) for the studentized variance interval (each end the farther of the equal-tailed
  and symmetric forms), the others percentile intervals; and the iid bootstrap of the mean rate.
  Only the iid scheme is implemented: a series with significant lag-1 autocorrelation (sonde
  then uses moving blocks) makes the peer exit 3, naming it.
Intervals depend on the random numbers, so they are printed, not compared. With SONDE_JSON (the
JSON report of the same run) every point estimate is compared with sonde's; the exit status is 1
when one differs by more than 1e-9 relative (or 1e-12 absolute near zero).
Prints key=value lines; `seconds`, `cpu_seconds` (this process's user + system) at the end.
"""
import json
import os
import sqlite3
import sys
import time

import numpy as np
import scipy.stats

PHASES = ["total", "dns", "connect", "tls", "first_byte", "transfer"]
TOLERANCE = 1e-9


def percentile(x, q):
    return np.percentile(x, q)


def describe(values):
    """sonde's Descriptive (Sources/SondeCore/Statistics/Descriptive.swift)."""
    if values.size == 0:
        return None
    p25, p50, p75, p90, p99, p999 = np.percentile(values, [25, 50, 75, 90, 99, 99.9])
    mean = values.mean()
    sd = values.std(ddof=1) if values.size > 1 else 0.0
    return {"count": values.size, "mean": mean, "standard_deviation": sd,
            "coefficient_of_variation": sd / mean if mean != 0 else (0.0 if sd == 0 else float("inf")),
            "min": values.min(), "max": values.max(), "p25": p25, "p50": p50, "p75": p75, "p90": p90,
            "p99": p99, "p999": p999, "iqr": p75 - p25, "mad": np.median(np.abs(values - p50))}


def load(db, run):
    """Per provider (name order): attributes and the stored columns, in schedule order."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT p.name, p.kind, p.region, s.dns_us, s.connect_us, s.tls_us, s.ttfb_us, s.total_us, s.bytes, "
        "s.error_class IS NOT NULL FROM samples s JOIN runs r ON r.id = s.run_id JOIN providers p ON p.id = s.provider_id "
        "WHERE r.uuid = ? AND s.probe = 'latency' ORDER BY p.name, p.id, s.sequence", (run,))
    providers = {}
    for name, kind, region, *columns in rows:
        entry = providers.setdefault(name, {"kind": kind, "region": region, "rows": []})
        entry["rows"].append(columns)
    config = con.execute("SELECT config_text FROM runs WHERE uuid = ?", (run,)).fetchone()[0]
    con.close()
    out = {}
    for name, entry in providers.items():
        # NULL as NaN: float columns keep every µs value exactly (< 2^53).
        table = np.array(entry["rows"], dtype=np.float64)
        dns, connect, tls, ttfb, total, nbytes, failed = table.T
        ok = (failed == 0) & ~np.isnan(total)
        out[name] = {"kind": entry["kind"], "region": entry["region"], "attempts": len(table),
                     "dns": dns[ok], "connect": connect[ok], "tls": tls[ok], "ttfb": ttfb[ok], "total": total[ok],
                     "bytes": nbytes[ok]}
    return out, config


def phase_values(p, phase):
    """Phase durations as Phase.durationUs derives them from the cumulative marks."""
    dns, connect, tls, ttfb, total = p["dns"], p["connect"], p["tls"], p["ttfb"], p["total"]
    z = lambda v: np.where(np.isnan(v), 0.0, v)
    if phase == "total":
        v = total
    elif phase == "dns":
        v = dns
    elif phase == "connect":
        v = connect - z(dns)
    elif phase == "tls":
        v = np.where(np.isnan(connect), np.nan, tls - connect)
    elif phase == "first_byte":
        before = np.where(~np.isnan(tls), tls, np.where(~np.isnan(connect), connect, z(dns)))
        v = ttfb - before
    else:
        v = total - ttfb
    return v[~np.isnan(v)]


def lag1(x):
    if x.size < 3:
        return 0.0
    d = x - x.mean()
    return float((d[:-1] * d[1:]).sum() / (d * d).sum())


def significant(r, n):
    return n >= 3 and abs(r) > scipy.stats.norm.ppf(0.975) / np.sqrt(n)


def sorted_side(groups):
    """The side's pooled sorted values and, per group, each position's rank in them."""
    series = np.concatenate(groups)
    order = np.argsort(series, kind="stable")
    rank = np.empty(series.size, dtype=np.int64)
    rank[order] = np.arange(series.size)
    offsets = np.cumsum([0] + [g.size for g in groups])
    return series[order], rank, offsets


def order_statistic(cum, x, r):
    return x[np.searchsorted(cum, r, side="right")]


def quantile(cum, x, total, p):
    h = (total - 1) * p
    k = int(np.floor(h))
    w = h - k
    a = order_statistic(cum, x, k)
    if w == 0 or k + 1 >= total:
        return a
    b = order_statistic(cum, x, k + 1)
    return b - (b - a) * (1 - w) if w >= 0.5 else a + (b - a) * w


def resample_statistics(x, counts):
    """Variance, IQR, MAD, p99/p50 and SE of log(variance) of the resample that counts describe."""
    n = int(counts.sum())
    cum = np.cumsum(counts)
    mean = np.dot(counts, x) / n
    d = x - mean
    d2 = d * d
    ss = np.dot(counts, d2)
    variance = ss / (n - 1)
    fourth = np.dot(counts, d2 * d2)
    sigma2 = ss / n
    se = np.sqrt(max(0.0, fourth - n * sigma2 * sigma2)) / n / sigma2
    q25, q50, q75, q99 = (quantile(cum, x, n, p) for p in (0.25, 0.5, 0.75, 0.99))
    return variance, q75 - q25, mad_fast(cum, x, n, q50), q99 / q50, se


def mad_fast(cum, x, total, m):
    """As `mad`, searching indices of the sorted values instead of materialising deviations."""
    split = np.searchsorted(x, m, side="right") - 1  # last index with x <= m

    def count_before(i):
        return int(cum[i - 1]) if i > 0 else 0

    def within(d):
        lo = np.searchsorted(x, m - d, side="left")
        hi = np.searchsorted(x, m + d, side="right")
        return count_before(hi) - count_before(lo)

    def nth(r):
        best = np.inf
        # Left side: deviation m - x[i] grows as i falls.
        if split >= 0 and within(m - x[0]) >= r + 1:
            lo, hi = 0, split
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if within(m - x[mid]) >= r + 1:
                    lo = mid
                else:
                    hi = mid - 1
            best = m - x[lo]
        if split + 1 < x.size and within(x[-1] - m) >= r + 1:
            lo, hi = split + 1, x.size - 1
            while lo < hi:
                mid = (lo + hi) // 2
                if within(x[mid] - m) >= r + 1:
                    hi = mid
                else:
                    lo = mid + 1
            best = min(best, x[lo] - m)
        return best

    h = (total - 1) * 0.5
    k = int(np.floor(h))
    w = h - k
    a = nth(k)
    if w == 0 or k + 1 >= total:
        return a
    b = nth(k + 1)
    return b - (b - a) * (1 - w) if w >= 0.5 else a + (b - a) * w


class Side:
    """A side's observed statistics and bootstrap replicates (iid, stratified by group)."""

    def __init__(self, groups, resamples, rng):
        self.x, rank, offsets = sorted_side(groups)
        n = self.x.size
        self.replicates = np.empty((resamples, 5))
        for b in range(resamples):
            positions = np.concatenate([offsets[g] + rng.integers(0, groups[g].size, groups[g].size)
                                        for g in range(len(groups))])
            counts = np.bincount(rank[positions], minlength=n)
            self.replicates[b] = resample_statistics(self.x, counts)
        self.observed = np.array(resample_statistics(self.x, np.ones(n, dtype=np.int64)))


def mean_replicates(groups, resamples, rng):
    total = sum(g.size for g in groups)
    out = np.empty(resamples)
    for b in range(resamples):
        out[b] = sum(g[rng.integers(0, g.size, g.size)].sum() for g in groups) / total
    return out


def studentized(base, cand, confidence):
    point = cand.observed[0] / base.observed[0]
    se = np.hypot(base.observed[4], cand.observed[4])
    t0 = np.log(point)
    t = (np.log(cand.replicates[:, 0] / base.replicates[:, 0]) - t0) / np.hypot(base.replicates[:, 4], cand.replicates[:, 4])
    alpha = 1 - confidence
    lo_t, hi_t = np.percentile(t, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    q = np.percentile(np.abs(t), 100 * confidence)
    return np.exp(t0 - max(hi_t, q) * se), np.exp(t0 + max(-lo_t, q) * se)


def main():
    db, run = sys.argv[1], sys.argv[2]
    sonde_json = sys.argv[3] if len(sys.argv) > 3 else None
    wall0, cpu0 = time.perf_counter(), time.process_time()
    providers, config = load(db, run)
    # The run's analysis settings, as `sonde report` reads them from the stored configuration.
    import re
    baseline = re.search(r"baseline:\s*([\w.-]+)", config).group(1)
    confidence = float((re.search(r"confidence:\s*([0-9.]+)", config) or [None, "0.95"])[1])
    resamples = int(os.environ.get("PEER_RESAMPLES", "2000"))  # 2000: sonde's default; fewer only to try the script
    out = {}

    for name, p in providers.items():
        for phase in PHASES:
            stats = describe(phase_values(p, phase))
            for key, value in (stats or {}).items():
                out[f"latency.{name}.{phase}.{key}"] = float(value)

    totals = {name: p["total"][p["total"] > 0] for name, p in providers.items()}
    rates = {name: (p["bytes"] * 1e6 / p["total"])[p["total"] > 0] for name, p in providers.items()}
    base = totals[baseline]
    for name, x in totals.items():
        if significant(lag1(x), x.size):
            print(f"error=series {name} shows significant lag-1 autocorrelation: sonde uses moving blocks, "
                  "which this peer does not implement", file=sys.stderr)
            sys.exit(3)
    candidates = [name for name in providers if name != baseline and totals[name].size >= 2]
    groups_spec = [("provider", name, [name], False) for name in candidates]
    regions = {}
    for name in candidates:
        if providers[name]["region"]:
            regions.setdefault(providers[name]["region"], []).append(name)
    for region in sorted(regions):
        groups_spec.append(("region", region, regions[region], len(regions[region]) > 1))
    depin = [name for name in candidates if providers[name]["kind"] == "depin"]
    if depin:
        groups_spec.append(("depin_pooled", "DePIN (pooled within-provider)", depin, True))
        if len(depin) > 1:
            groups_spec.append(("depin_mixture", "DePIN (one population)", depin, False))

    rng = np.random.default_rng(20261125)
    base_side = Side([base], resamples, rng)
    base_means = mean_replicates([rates[baseline]], resamples, rng)
    for subject, label, members, align in groups_spec:
        groups = [totals[m] for m in members]
        if align:
            medians = [np.median(g) for g in groups]
            center = sum(medians) / len(medians)
            groups = [g - m + center for g, m in zip(groups, medians)]
        if subject == "region" and len(members) == 1:
            # A region of one provider repeats that provider's comparison, as sonde's does.
            prefix = f"comparison.provider.{members[0]}."
            for k in [k for k in out if k.startswith(prefix)]:
                out[f"comparison.region.{label}." + k[len(prefix):]] = out[k]
            continue
        side = Side(groups, resamples, rng)
        pooled = np.concatenate(groups)
        key = f"comparison.{subject}.{label}"
        ratios = side.observed[:4] / base_side.observed[:4]
        for i, stat in enumerate(["variance_ratio", "iqr_ratio", "mad_ratio", "tail_spread_ratio"]):
            out[f"{key}.{stat}"] = float(ratios[i])
        out[f"{key}.count"] = float(pooled.size)
        out[f"{key}.baseline_count"] = float(base.size)
        out[f"{key}.median_us"] = float(np.median(pooled))
        out[f"{key}.brown_forsythe_p_value"] = float(scipy.stats.levene(base, pooled, center="median").pvalue)
        out[f"{key}.mann_whitney_p_value"] = float(
            scipy.stats.mannwhitneyu(pooled, base, alternative="two-sided", method="asymptotic").pvalue)
        out[f"{key}.lag1_baseline"] = lag1(base)
        out[f"{key}.lag1_candidate"] = max((lag1(g) for g in groups), key=abs)
        cand_rates = [rates[m] for m in members]
        cand_means = mean_replicates(cand_rates, resamples, rng)
        out[f"{key}.throughput_ratio"] = float(np.concatenate(cand_rates).mean() / rates[baseline].mean())
        lo, hi = studentized(base_side, side, confidence)
        print(f"interval.{key}.variance_ratio={lo:.6g},{hi:.6g}")
        alpha = 100 * (1 - confidence) / 2
        for i, stat in [(1, "iqr_ratio"), (2, "mad_ratio"), (3, "tail_spread_ratio")]:
            lo, hi = np.percentile(side.replicates[:, i] / base_side.replicates[:, i], [alpha, 100 - alpha])
            print(f"interval.{key}.{stat}={lo:.6g},{hi:.6g}")
        lo, hi = np.percentile(cand_means / base_means, [alpha, 100 - alpha])
        print(f"interval.{key}.throughput_ratio={lo:.6g},{hi:.6g}")

    # Which phase carries the variance.
    phase_var = {}
    for name, p in providers.items():
        phase_var[name] = {}
        for phase in PHASES[1:]:
            v = phase_values(p, phase)
            if v.size:
                phase_var[name][phase] = v.std(ddof=1) ** 2 if v.size > 1 else 0.0
    order = ["dns", "connect", "tls", "first_byte", "transfer"]
    for name in providers:
        total_var = sum(phase_var[name].values())
        for phase in order:
            if phase not in phase_var[name]:
                continue
            v = phase_var[name][phase]
            out[f"phase.{name}.{phase}.variance"] = v
            out[f"phase.{name}.{phase}.share"] = v / total_var if total_var > 0 else 0.0
            b = phase_var[baseline].get(phase)
            if b:
                out[f"phase.{name}.{phase}.ratio_to_baseline"] = v / b

    # The pooled DePIN ratio with each provider left out (point estimates).
    if len(depin) >= 2:
        centred = {m: totals[m] - np.median(totals[m]) for m in depin}
        base_var = base.var(ddof=1)
        for left in depin:
            rest = np.concatenate([centred[m] for m in depin if m != left])
            out[f"leave_one_out.{left}"] = rest.var(ddof=1) / base_var

    for key, value in out.items():
        print(f"{key}={float(value)!r}")
    failures = compare(out, sonde_json) if sonde_json else 0
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    print(f"resamples={resamples}")
    print(f"seconds={wall:.2f}")
    print(f"cpu_seconds={cpu:.2f}")
    sys.exit(1 if failures else 0)


def compare(out, path):
    """Compares every point estimate with sonde's JSON report; prints the largest difference."""
    with open(path) as f:
        doc = json.load(f)
    theirs = {}
    for p in doc["providers"]:
        name = p["provider"]["name"]
        for phase in p["phases"]:
            for key, value in (phase.get("stats") or {}).items():
                theirs[f"latency.{name}.{phase['phase']}.{key}"] = value
    analysis = doc.get("analysis") or {}
    for c in analysis.get("comparisons", []):
        key = f"comparison.{c['subject']}.{c['name']}"
        s = c["spread"]
        for stat in ["variance_ratio", "iqr_ratio", "mad_ratio", "tail_spread_ratio"]:
            theirs[f"{key}.{stat}"] = s[stat]["point"]
        for stat in ["brown_forsythe_p_value", "mann_whitney_p_value", "lag1_baseline", "lag1_candidate"]:
            theirs[f"{key}.{stat}"] = s[stat]
        theirs[f"{key}.count"] = c["count"]
        theirs[f"{key}.baseline_count"] = c["baseline_count"]
        theirs[f"{key}.median_us"] = c["median_us"]
        if c.get("throughput_ratio"):
            theirs[f"{key}.throughput_ratio"] = c["throughput_ratio"]["point"]
    for ph in analysis.get("phases", []):
        key = f"phase.{ph['provider']}.{ph['phase']}"
        theirs[f"{key}.variance"] = ph["variance"]
        theirs[f"{key}.share"] = ph["share"]
        if ph.get("ratio_to_baseline") is not None:
            theirs[f"{key}.ratio_to_baseline"] = ph["ratio_to_baseline"]
    for m in (analysis.get("headline_leave_one_out") or {}).get("members", []):
        theirs[f"leave_one_out.{m['provider']}"] = m["ratio_without"]
    failures, worst, worst_key = 0, 0.0, ""
    for key in sorted(set(out) | set(theirs)):
        if key not in out or key not in theirs:
            print(f"mismatch.{key}=missing in {'the peer' if key not in out else 'sonde'}", file=sys.stderr)
            failures += 1
            continue
        a, b = float(out[key]), float(theirs[key])
        if a == b or (np.isinf(a) and np.isinf(b)):
            continue
        diff = abs(a - b)
        rel = diff / max(abs(a), abs(b))
        if rel > worst:
            worst, worst_key = rel, key
        if rel > TOLERANCE and diff > 1e-12:
            print(f"mismatch.{key}=peer {a!r} sonde {b!r} (relative {rel:.3g})", file=sys.stderr)
            failures += 1
    print(f"compared={len(out)}")
    print(f"largest_relative_difference={worst:.3g} ({worst_key or 'none'})")
    print(f"mismatches={failures}")
    return failures


def check(peer_output, sonde_json):
    out = {}
    with open(peer_output) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            if key.startswith(("latency.", "comparison.", "phase.", "leave_one_out.")):
                out[key] = float(value)
    sys.exit(1 if compare(out, sonde_json) else 0)


if __name__ == "__main__":
    if sys.argv[1] == "--check":
        check(sys.argv[2], sys.argv[3])
    else:
        main()

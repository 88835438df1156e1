"""Reference figures for BatchJackknife and the mean rule's batch-means t test
(Tests/SondeCoreTests/Statistics/BatchJackknifeTests.swift): numpy/scipy on the same series.
Usage: python3 scripts/stats/batch-jackknife.py"""
import numpy as np
from scipy import stats

def series(n, a, c):
    t = np.arange(n)
    return 10 + ((t * a) % c) / 4 + 5 * np.sin(t / 8)

def iqr(x): return np.quantile(x, 0.75) - np.quantile(x, 0.25)
def mad(x): return np.median(np.abs(x - np.median(x)))

def jack(x, b, f):
    n = len(x)
    batch = np.arange(n) * b // n
    th = np.array([np.log(f(x[batch != j])) for j in range(b)])
    return np.sqrt((b - 1) / b * np.sum((th - th.mean()) ** 2)), b - 1

base, cand = series(40, 37, 23), series(50, 11, 17) * 1.5
for name, f in [("iqr", iqr), ("mad", mad), ("mean", np.mean)]:
    se, df = jack(cand, 4, f)
    print(name, "se", repr(se), "df", df)
# Ratio interval of the IQR, 5 batches a side, 95%.
sb, _ = jack(base, 5, iqr); sc, _ = jack(cand, 5, iqr)
v = sb**2 + sc**2; df = v**2 / (sb**4 / 4 + sc**4 / 4)
point = iqr(cand) / iqr(base); half = stats.t.ppf(0.975, df) * np.sqrt(v)
print("iqr ratio", repr(point), repr(point * np.exp(-half)), repr(point * np.exp(half)), "df", repr(df))
# Mean rule: 8 batches a side, level 0.005, 200 values a side.
base = series(200, 37, 23); cand = base[::-1] * 1.01
sb, _ = jack(base, 8, np.mean); sc, _ = jack(cand, 8, np.mean)
v = sb**2 + sc**2; df = v**2 / (sb**4 / 7 + sc**4 / 7); se = np.sqrt(v)
d = np.log(cand.mean() / base.mean()); q = stats.t.ppf(0.995, df)
print("mean rule ratio", repr(cand.mean() / base.mean()), "pIncrease", repr(stats.t.sf(d / se, df)),
      "pDecrease", repr(stats.t.cdf(d / se, df)), "lower", repr(np.exp(d - q * se)), "upper", repr(np.exp(d + q * se)),
      "df", repr(df), "se", repr(se))
# Accelerated ends (SpreadComparison's widening under dependence since issue 23, 2026-12-05):
# the acceleration of the leave-one-batch-out log ratios, over each side in turn, as
# scipy.stats.bootstrap(method='BCa') computes it from its jackknife, and the t end on the
# skewed side moved to t/(1 - a t) standard errors (the other kept at t; factor capped at 2).
def leave_out(x, b, f):
    n = len(x)
    batch = np.arange(n) * b // n
    return np.array([np.log(f(x[batch != j])) for j in range(b)])

def acceleration(jacks):
    num = den = 0.0
    for th in jacks:
        n = len(th)
        u = (n - 1) * (th.mean() - th)
        num += np.sum(u**3) / n**3
        den += np.sum(u**2) / n**2
    return num / (6 * den**1.5)

def factor(d): return 2.0 if d <= 0.5 else max(1.0, 1 / d)

def variance(x): return np.var(x, ddof=1)

base, cand = series(40, 37, 23), series(50, 11, 17) * 1.5 + np.where(np.arange(50) % 17 == 3, 9.0, 0.0)
for name, f in [("iqr", iqr), ("variance", variance)]:
    lb, lc = leave_out(base, 5, f), leave_out(cand, 5, f)
    a = acceleration([lc - np.log(f(base)), np.log(f(cand)) - lb])
    sb, sc = np.sqrt(4 / 5 * np.sum((lb - lb.mean())**2)), np.sqrt(4 / 5 * np.sum((lc - lc.mean())**2))
    v = sb**2 + sc**2; df = v**2 / (sb**4 / 4 + sc**4 / 4); t = stats.t.ppf(0.975, df)
    point = f(cand) / f(base)
    lo, hi = t * factor(1 + a * t), t * factor(1 - a * t)
    print("accelerated", name, "ratio", repr(point), "a", repr(a), "lower", repr(point * np.exp(-lo * np.sqrt(v))),
          "upper", repr(point * np.exp(hi * np.sqrt(v))))
# Cross-check of a against scipy's own BCa code: scipy.stats._resampling._bca_interval (private,
# scipy 1.17.1) jackknifes each sample of `data` one element at a time; with the batch numbers
# as the data and a statistic that keeps the batches it is given, its a is the batch one.
from scipy.stats import _resampling
import numpy
def scipy_acceleration(f):
    nb = 5
    bb, bc = np.arange(len(base)) * nb // len(base), np.arange(len(cand)) * nb // len(cand)
    def stat(ic, ib, axis=-1):
        lead = np.broadcast_shapes(ic.shape[:-1], ib.shape[:-1])
        ic = np.broadcast_to(ic, lead + ic.shape[-1:]); ib = np.broadcast_to(ib, lead + ib.shape[-1:])
        out = np.empty(lead)
        for k in np.ndindex(lead):
            out[k] = np.log(f(cand[np.isin(bc, ic[k])])) - np.log(f(base[np.isin(bb, ib[k])]))
        return out
    data = (np.arange(nb, dtype=float), np.arange(nb, dtype=float))
    _, _, a = _resampling._bca_interval(data, stat, -1, 0.025, np.zeros(3), None, numpy)
    return float(a)
for name, f in [("iqr", iqr), ("variance", variance)]:
    print("scipy acceleration", name, repr(scipy_acceleration(f)))

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

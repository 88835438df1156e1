#!/usr/bin/env python3
"""Monte Carlo of the training process that SondeCore's TrainingModel takes expectations of.

Usage: nice -n 10 python3 scripts/stats/decision-montecarlo.py   (100,000 jobs per case, seeded)

The process (docs/decision.md): work T in segments of tau compute + delta checkpoint, the last
segment the remaining work without a checkpoint. Interruptions are exponential (mean M) while a
machine runs (segments and restarts); an interruption loses the segment, a new machine is
provisioned (time drawn exponential with mean P: the model needs only its mean; not billed),
the job restarts (R, at risk) and the segment starts over. Each machine's life is billed rounded
up to g. Prints, per case, the mean and standard error of completion time (first machine running
to end), billed time and interruptions, in seconds.
"""
import numpy as np

H = 3600.0
# name, T, delta, R, M, P, tau (None: no checkpoint), g
CASES = [
    ("a", 40 * H, 300, 600, 6 * H, 300, 1800, 1),
    ("b", 40 * H, 300, 600, 6 * H, 300, None, 1),
    ("c", 10 * H, 60, 120, 2 * H, 120, 900, 1),
    ("d", 40 * H, 600, 300, 20 * H, 1800, 5400, 1),
    ("e", 8 * H, 120, 60, 1 * H, 60, 600, 1),
    ("f", 40 * H, 300, 600, 4 * H, 600, 2000, H),
    ("g", 5 * H, 120, 300, 10 * H, 900, None, H),
    ("h", 40 * H, 300, 600, 200 * H, 300, 7200, H),
]
N = 100_000


def simulate(T, delta, R, M, P, tau, g, rng):
    if tau is None or tau >= T:
        seg = [float(T)]
    else:
        full = int(np.ceil(T / tau)) - 1
        seg = [tau + delta] * full + [T - full * tau]
    t = np.zeros(N)
    life = np.zeros(N)
    billed = np.zeros(N)
    fails = np.zeros(N)
    for L in seg:
        active = np.ones(N, dtype=bool)
        while active.any():
            idx = np.nonzero(active)[0]
            x = rng.exponential(M, idx.size)
            ok = x >= L
            run = np.where(ok, L, x)
            t[idx] += run
            life[idx] += run
            active[idx[ok]] = False
            failed = idx[~ok]
            # each failure: close the machine, then provision + restart until a restart survives
            recovering = failed
            while recovering.size:
                fails[recovering] += 1
                billed[recovering] += np.ceil(life[recovering] / g) * g
                life[recovering] = 0
                t[recovering] += rng.exponential(P, recovering.size) if P > 0 else 0
                y = rng.exponential(M, recovering.size)
                survived = y >= R
                run = np.where(survived, R, y)
                t[recovering] += run
                life[recovering] += run
                recovering = recovering[~survived]
    billed += np.ceil(life / g) * g
    return t, billed, fails


def main():
    rng = np.random.default_rng(20261204)
    for name, T, delta, R, M, P, tau, g in CASES:
        t, billed, fails = simulate(T, delta, R, M, P, tau, g, rng)
        se = lambda a: a.std(ddof=1) / np.sqrt(a.size)
        print(f'("{name}", {t.mean():.6g}, {se(t):.4g}, {billed.mean():.6g}, {se(billed):.4g}, {fails.mean():.6g}, {se(fails):.4g}),')


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Cross-check of sonde's change points against Apache Otava (issue 18).

Writes four seeded per-run series (60 runs; log-normal run-to-run variation of sigma 0.1 around
a median of 10 ms, as a provider's per-run median would vary) to CSV, runs `otava analyze` on
them in its default mode (window_len 50, max_pvalue 0.001, min_magnitude 0.0, the E-divisive
with windowed Student t significance test, i.e. no --window/-P/-M/--orig-edivisive flags), and
prints each series with the change-point indices Otava reports (0-based index of the first run
after the change). The output is pasted as literals into
Tests/SondeCoreTests/History/OtavaCrossCheckTests.swift.

Run: python3 -m venv .build-otava/venv && .build-otava/venv/bin/pip install apache-otava
     python3 scripts/stats/otava-crosscheck.py      (needs numpy for the series)
"""
import csv
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.path.join(ROOT, ".build-otava", "crosscheck")
OTAVA = os.path.join(ROOT, ".build-otava", "venv", "bin", "otava")


def series(seed, steps):
    """60 per-run medians: 10 ms times exp(N(0, 0.1)), times each (from_index, factor) step."""
    rng = np.random.default_rng(seed)
    values = 10.0 * np.exp(rng.normal(0.0, 0.1, 60))
    for start, factor in steps:
        values[start:] *= factor
    return [round(float(v), 4) for v in values]


CASES = {
    "planted_x1_5_at_40": series(18, [(40, 1.5)]),
    "x1_3_at_30": series(19, [(30, 1.3)]),
    "up_at_20_down_at_45": series(20, [(20, 1.4), (45, 1 / 1.4)]),
    "stationary": series(21, []),
}


def main():
    os.makedirs(WORK, exist_ok=True)
    start = datetime(2026, 12, 1, tzinfo=timezone.utc)
    tests = {}
    for name, values in CASES.items():
        path = os.path.join(WORK, name + ".csv")
        with open(path, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["time", "median_ms"])
            for i, v in enumerate(values):
                writer.writerow([(start + timedelta(minutes=5 * i)).strftime("%Y-%m-%d %H:%M:%S +0000"), v])
        tests[name] = {"type": "csv", "file": path, "time_column": "time", "metrics": ["median_ms"]}
    config = os.path.join(WORK, "otava.yaml")
    with open(config, "w") as f:
        json.dump({"tests": tests}, f)  # JSON is YAML
    for name, values in CASES.items():
        out = subprocess.run([OTAVA, "analyze", "--config-file", config, name, "--output", "json"],
                             capture_output=True, text=True, check=True).stdout
        report = json.loads(out[out.index("{"):])
        indices = sorted(int(c["index"]) for group in report.get(name, []) for c in group["changes"])
        print(f"{name}: otava change points at {indices}")
        print(f"  values = {values}")


if __name__ == "__main__":
    sys.exit(main())

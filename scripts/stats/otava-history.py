#!/usr/bin/env python3
"""Cross-check of a sonde history report's change points against Apache Otava (issue 18).

Reads a history report in JSON (`sonde report --labels ... --format json -o history.json`), writes
each provider's per-run median and p99 series (ms) to CSV and runs `otava analyze` on them in its
default mode (window_len 50, max_pvalue 0.001, min_magnitude 0.0: no --window/-P/-M flags), then
prints, per series, the change-point indices (0-based, the first run after the change) that sonde
reported and that Otava reports, and whether they agree within one run.

Run: python3 -m venv .build-otava/venv && .build-otava/venv/bin/pip install apache-otava
     python3 scripts/stats/otava-history.py history.json
Exit status 1 when a series' locations differ by more than one run.
"""
import csv
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.path.join(ROOT, ".build-otava", "history")
OTAVA = os.path.join(ROOT, ".build-otava", "venv", "bin", "otava")


def main(path):
    history = json.load(open(path))["history"]
    os.makedirs(WORK, exist_ok=True)
    tests, expected = {}, {}
    for provider in history["providers"]:
        label = provider["name"] + (f"@{provider['vantage']}" if provider.get("vantage") else "")
        for metric, key in (("median", "median_us"), ("p99", "p99_us")):
            runs = [r for r in provider["runs"] if r.get(key) is not None]
            if len(runs) < 10:
                continue
            name = f"{label}-{metric}".replace("/", "_")
            file = os.path.join(WORK, name + ".csv")
            with open(file, "w", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(["time", "value_ms"])
                start = datetime.fromtimestamp(runs[0]["started_ns"] // 10**9, tz=timezone.utc)
                for i, r in enumerate(runs):
                    # Otava reads times at one-second resolution and needs them distinct; runs of a
                    # short schedule can start within the same second, so each run is placed five
                    # minutes after the previous one (the order, which is all E-divisive uses, is kept).
                    when = start + timedelta(minutes=5 * i)
                    writer.writerow([when.strftime("%Y-%m-%d %H:%M:%S +0000"), r[key] / 1000])
            tests[name] = {"type": "csv", "file": file, "time_column": "time", "metrics": ["value_ms"]}
            expected[name] = sorted(c["run_index"] for c in provider["changes"] if c["metric"] == metric)
    config = os.path.join(WORK, "otava.yaml")
    with open(config, "w") as f:
        json.dump({"tests": tests}, f)  # JSON is YAML
    disagree = 0
    for name in tests:
        out = subprocess.run([OTAVA, "analyze", "--config-file", config, name, "--output", "json"],
                             capture_output=True, text=True, check=True).stdout
        report = json.loads(out[out.index("{"):])
        otava = sorted(int(c["index"]) for group in report.get(name, []) for c in group["changes"])
        agree = len(otava) == len(expected[name]) and all(abs(a - b) <= 1 for a, b in zip(otava, expected[name]))
        disagree += not agree
        print(f"{name}: sonde {expected[name]}, otava {otava}: {'agree' if agree else 'DIFFER'}")
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

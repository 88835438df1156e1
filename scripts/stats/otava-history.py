#!/usr/bin/env python3
"""Cross-check of a sonde history report's change points against Apache Otava (issue 18).

Reads a history report in JSON (`sonde report --labels ... --format json -o history.json`), writes
each provider's per-run median and p99 series (ms) to CSV and runs `otava analyze` on them in its
default mode (window_len 50, max_pvalue 0.001, min_magnitude 0.0: no --window/-P/-M flags), then
prints, per series, the change-point indices (0-based, the first run after the change) that sonde
reported and that Otava reports, and whether they agree within one run.

--control NAME: runs disturbed by the machine that ran the probes are left out of the series given
to Otava. Machine load (a CI runner busy with other work) slows every provider of a run at once,
so it shows in the control provider, one that is not expected to change (in the end-to-end test,
`steady`): a run whose control median lies more than 5 scaled MADs (1.4826 x MAD) above the
control's median over all runs is disturbed, and is dropped from every provider's series. The
rule reads only the control, never the series being checked. Otava's default test is a Student
t test on the segments' means and standard deviations, which a few runs 2-8x slower than the rest
(the load) inflate until no split is significant; sonde's permutation test of the energy
statistic is not thrown by them, and sonde still analyses every run. Otava's indices into the
shortened series are mapped back to run indices before they are compared. Otava's answer on the
full series is printed too.

Run: python3 -m venv .build-otava/venv && .build-otava/venv/bin/pip install apache-otava
     python3 scripts/stats/otava-history.py [--control NAME] [--metric median|p99]... history.json
Exit status 1 when locations differ: without --require, a change point of either tool in any
series with none of the other's within one run; with --require NAME, a change point sonde reports
in NAME's series with none of Otava's within one run (Otava's extra points are printed). Every
series is printed.
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.path.join(ROOT, ".build-otava", "history")
OTAVA = os.path.join(ROOT, ".build-otava", "venv", "bin", "otava")


def disturbed_runs(providers, control):
    """Run ids where the control provider's median is more than 5 scaled MADs above its median."""
    runs = [r for p in providers if p["name"] == control for r in p["runs"] if r.get("median_us") is not None]
    if not runs:
        sys.exit(f"no runs of the control provider {control!r}")
    values = [r["median_us"] for r in runs]
    centre = statistics.median(values)
    mad = 1.4826 * statistics.median(abs(v - centre) for v in values)
    return {r["run_id"] for r in runs if r["median_us"] > centre + 5 * mad}


def otava(config, name):
    """Otava's change-point indices on test `name`, in its default mode."""
    # Bounded: a hung Otava must fail the cross-check, not hang the test that runs it.
    out = subprocess.run([OTAVA, "analyze", "--config-file", config, name, "--output", "json"],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    report = json.loads(out[out.index("{"):])
    return sorted(int(c["index"]) for group in report.get(name, []) for c in group["changes"])


def write_series(name, runs, key):
    file = os.path.join(WORK, name + ".csv")
    first = datetime.fromtimestamp(runs[0]["started_ns"] // 10**9, tz=timezone.utc)
    with open(file, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["time", "value_ms"])
        for i, r in enumerate(runs):
            # Otava reads times at one-second resolution and needs them distinct; runs of a
            # short schedule can start within the same second, so each run is placed five
            # minutes after the previous one (the order, which is all E-divisive uses, is kept),
            # the last one five minutes before the first run started. Otava's default time span
            # is the year up to now (data_selector.py: since = now - 365 days, until = now):
            # placing the runs from the first run's start on, as this script did before
            # 2026-12-05, put all but the first few in the future, and Otava "found no change"
            # in a series of one or two points.
            when = first + timedelta(minutes=5 * (i - len(runs)))
            writer.writerow([when.strftime("%Y-%m-%d %H:%M:%S +0000"), r[key] / 1000])
    return {"type": "csv", "file": file, "time_column": "time", "metrics": ["value_ms"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--control", help="provider whose slow runs mark machine load (left out for Otava)")
    parser.add_argument("--metric", action="append", choices=["median", "p99"],
                        help="series to compare (repeatable; default both)")
    parser.add_argument("--require", action="append", metavar="NAME",
                        help="provider whose change points Otava must confirm (repeatable); without it "
                             "every series must have the same locations both ways; the others are printed only")
    parser.add_argument("history")
    args = parser.parse_args()
    history = json.load(open(args.history))["history"]
    os.makedirs(WORK, exist_ok=True)
    disturbed = disturbed_runs(history["providers"], args.control) if args.control else set()
    if args.control:
        print(f"control {args.control}: {len(disturbed)} run(s) disturbed by machine load left out for Otava")
    tests, expected, kept_indices, labels = {}, {}, {}, {}
    for provider in history["providers"]:
        label = provider["name"] + (f"@{provider['vantage']}" if provider.get("vantage") else "")
        for metric, key in (("median", "median_us"), ("p99", "p99_us")):
            if args.metric and metric not in args.metric:
                continue
            runs = [r for r in provider["runs"] if r.get(key) is not None]
            if len(runs) < 10:
                continue
            name = f"{label}-{metric}".replace("/", "_")
            tests[name + "-all"] = write_series(name + "-all", runs, key)
            kept = [i for i, r in enumerate(runs) if r["run_id"] not in disturbed]
            tests[name] = write_series(name, [runs[i] for i in kept], key)
            kept_indices[name] = kept
            labels[name] = provider["name"]
            expected[name] = sorted(c["run_index"] for c in provider["changes"] if c["metric"] == metric)
    config = os.path.join(WORK, "otava.yaml")
    with open(config, "w") as f:
        json.dump({"tests": tests}, f)  # JSON is YAML
    disagree = 0
    for name in expected:
        # Otava's index j in the shortened series is run kept[j]; the first run after the change.
        found = [kept_indices[name][j] for j in otava(config, name)]
        everything = otava(config, name + "-all")
        # Within one run (Otava may report a step as two neighbouring points, e.g. [21, 22] for 21).
        confirmed = all(any(abs(a - b) <= 1 for b in found) for a in expected[name])
        agree = confirmed and all(any(abs(a - b) <= 1 for b in expected[name]) for a in found)
        if not args.require:
            # Every series: the same locations both ways.
            failed = not agree
        else:
            # A required series: each of sonde's change points is one of Otava's; Otava's extra
            # points (its t test at p 0.001 per series, with no family-wise correction, flags
            # stretches of load-slowed runs) are printed, not required.
            failed = labels[name] in args.require and not confirmed
        disagree += failed
        if agree:
            verdict = "agree"
        elif failed:
            verdict = "DIFFER"
        elif confirmed:
            verdict = f"sonde's points confirmed; Otava also at {sorted(set(found) - set(expected[name]))}"
        else:
            verdict = "differ (not required)"
        print(f"{name}: sonde {expected[name]}, otava {found} (on all runs: {everything}): {verdict}")
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())

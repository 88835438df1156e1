#!/usr/bin/env python3
"""Validates sonde's BMF and gab exports against the JSON schemas written from their specs.

Usage: scripts/validate-export.py bmf|gab FILE [--bad DIR]
  FILE must validate; with --bad, every DIR/<format>-*.json must be rejected (the schema is
  not vacuous). Also checks what a schema cannot say: lower_value <= value <= upper_value.
Exit 0 when everything holds, 1 with one line per failure otherwise.
"""
import glob
import json
import os
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    schema = json.load(open(os.path.join(HERE, "..", "docs", "schemas", f"{fmt}.schema.json")))
    validator = jsonschema.Draft7Validator(schema)
    failures = []
    document = json.load(open(path))
    failures += [f"{path}: {error.message}" for error in validator.iter_errors(document)]
    if fmt == "bmf" and isinstance(document, dict):
        for benchmark, measures in document.items():
            for measure, metric in measures.items():
                if not metric.get("lower_value", metric["value"]) <= metric["value"] <= metric.get("upper_value", metric["value"]):
                    failures.append(f"{path}: {benchmark}/{measure}: value outside [lower_value, upper_value]")
    if "--bad" in sys.argv:
        bad = sorted(glob.glob(os.path.join(sys.argv[sys.argv.index("--bad") + 1], f"{fmt}-*.json")))
        if not bad:
            failures.append(f"no known-bad {fmt} documents found")
        for file in bad:
            if validator.is_valid(json.load(open(file))):
                failures.append(f"{file}: known-bad document accepted")
    for line in failures:
        print(line)
    print(f"{fmt}: {'ok' if not failures else f'{len(failures)} failures'}", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Checks sonde's OpenMetrics export with prometheus_client's strict OpenMetrics 1.0 parser.

Usage: scripts/check-openmetrics.py FILE [SCRAPED]
  FILE must parse as OpenMetrics (it must end in `# EOF`; no timestamps allowed here).
  With SCRAPED (a Prometheus text 0.0.4 scrape, e.g. of a Pushgateway the file was pushed to),
  every sample of FILE must be in SCRAPED with the same value (labels `job` and `instance`,
  which the Pushgateway adds, are ignored).
Prints `<n> samples` and exits 0, else prints the problems and exits 1.
"""
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_openmetrics
from prometheus_client.parser import text_string_to_metric_families as parse_text


def samples(families, drop=()):
    found = {}
    for family in families:
        for sample in family.samples:
            if sample.timestamp is not None:
                raise ValueError(f"{sample.name}: has a timestamp")
            # Bucket bounds are numbers: the Pushgateway re-renders le="1.0" as le="1".
            labels = tuple(sorted((k, repr(float(v)) if k == "le" else v) for k, v in sample.labels.items() if k not in drop))
            found[(sample.name, labels)] = sample.value
    return found


def main():
    try:
        exported = samples(parse_openmetrics(open(sys.argv[1]).read()))
    except Exception as error:  # the parser raises ValueError with the offending line
        print(f"{sys.argv[1]}: not OpenMetrics: {error}")
        sys.exit(1)
    problems = []
    if len(sys.argv) > 2:
        scraped = samples(parse_text(open(sys.argv[2]).read()), drop=("job", "instance"))
        for key, value in exported.items():
            if key not in scraped:
                problems.append(f"{key[0]}{dict(key[1])}: not scraped back")
            elif scraped[key] != value:
                problems.append(f"{key[0]}{dict(key[1])}: exported {value}, scraped {scraped[key]}")
    for line in problems:
        print(line)
    print(f"{len(exported)} samples")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

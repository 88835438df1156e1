#!/usr/bin/env python3
"""Decodes an HdrHistogram interval log with HdrHistogram_py (PyPI `hdrhistogram`).

Usage: scripts/decode-hlog.py FILE
Prints one JSON object per interval, in file order:
  {"tag": ..., "start_ms": <absolute start, ms since epoch>, "count": n, "p50": v, "p99": v, "max": v}
"""
import json
import sys

from hdrh.histogram import HdrHistogram
from hdrh.log import HistogramLogReader


def main():
    # The reference histogram only supplies defaults; each line's header carries its own geometry.
    reader = HistogramLogReader(sys.argv[1], HdrHistogram(1, 3_600_000_000, 3))
    while True:
        histogram = reader.get_next_interval_histogram()
        if histogram is None:
            break
        print(json.dumps({
            "tag": histogram.get_tag(),
            "start_ms": round(histogram.get_start_time_stamp()),
            "count": histogram.get_total_count(),
            "p50": histogram.get_value_at_percentile(50),
            "p99": histogram.get_value_at_percentile(99),
            "max": histogram.get_max_value(),
        }))


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# sonde's package-benchmark suite (Benchmarks/SondeBenchmarks) against the p90 thresholds
# committed in Benchmarks/Thresholds, with the tolerances in SondeBenchmarks.swift.
#
#   Benchmarks/bench.sh [check]   run and check (`make bench`); exit 0 when within the thresholds
#                                 or only better (told so), 2 on a regression
#   Benchmarks/bench.sh update    run and rewrite Benchmarks/Thresholds (then review and commit)
#   Benchmarks/bench.sh figures   run once, check, and print the p50 of every metric as ROW lines
#                                 for Benchmarks/perf.sh (see peers/lib.sh)
source "$(dirname "$0")/peers/lib.sh"

MODE=${1:-check}
cd "$BENCH"
ensure_packages

# check_result CODE turns package-benchmark's threshold exit codes into ours.
check_result() {
    case $1 in
        0) log "every benchmark is within its thresholds" ;;
        4) log "only improvements beyond the thresholds: consider 'Benchmarks/bench.sh update'" ;;
        *) log "regression against Benchmarks/Thresholds (exit $1)"; return 2 ;;
    esac
}

case $MODE in
    check)
        status=0
        "$SWIFT" package --allow-writing-to-package-directory benchmark thresholds check --no-progress || status=$?
        check_result "$status"
        ;;
    update)
        "$SWIFT" package --allow-writing-to-package-directory benchmark thresholds update --no-progress
        ;;
    figures)
        WORK=$(mktemp -d /tmp/sonde-bench.XXXXXX)
        trap 'rm -rf "$WORK"' EXIT
        "$SWIFT" package --allow-writing-to-package-directory benchmark baseline update perf --no-progress --quiet >&2
        status=0
        "$SWIFT" package benchmark thresholds check perf --no-progress >&2 || status=$?
        verdict=$(case $status in 0) echo "within" ;; 4) echo "better" ;; *) echo "REGRESSION" ;; esac)
        "$SWIFT" package --allow-writing-to-directory "$WORK" benchmark baseline read perf \
            --format histogramPercentiles --path "$WORK" --no-progress >&2
        # One row per benchmark and metric: p50 (p90) as package-benchmark scales them.
        python3 - "$WORK" "$verdict" <<'EOF'
import glob, os, re, sys
folder, verdict = sys.argv[1], sys.argv[2]
for path in sorted(glob.glob(os.path.join(folder, "perf.SondeBenchmarks.*.histogram.percentiles.tsv"))):
    lines = open(path).read().splitlines()
    name = os.path.basename(path)[len("perf.SondeBenchmarks."):].split(".")[0]
    metric = re.sub(r"\s*\*$", "", lines[0].split("\t", 1)[1])
    label, unit = re.match(r"^(.*?)(?: \((ns|μs|ms|s|K|M|G)\))?$", metric).groups()
    unit = {"K": "thousand", "M": "million", "G": "billion"}.get(unit, unit)
    value = dict(line.split("\t") for line in lines[1:])
    shown = f"{value['50']} ({value['90']})" + (f" {unit}" if unit else "")
    print("\t".join(["ROW", f"suite: {name}, {label}, p50 (p90)", shown, "—", "—",
                     "committed p90 threshold ± tolerance", verdict, "Benchmarks/bench.sh figures"]))
EOF
        check_result "$status"
        ;;
    *)
        die "unknown mode '$MODE' (check, update or figures)"
        ;;
esac

#!/bin/sh
# Coverage grid of the spread-ratio intervals (docs/statistics.md, "Coverage grid"; issue 23):
# compiles the Statistics sources with -O beside CoverageGrid.swift and the mixture model from
# Tests/SondeCoreTests/Statistics, and runs it. The opt-in test SpreadCoverageGridSimulationTests
# runs the same cells with the same seeds.
# Usage: scripts/stats/coverage-grid.sh [repetitions [csv-path|- [cell,cell,... [first-repetition]]]]
#   (default 200 - all 0)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/.build-coverage-grid"
mkdir -p "$out"
tests="$root/Tests/SondeCoreTests/Statistics"
. "$root/scripts/stats/sources.sh"
swiftc -O -D SONDE_SIMULATION_SCRIPT -module-name SondeCoverageGrid -o "$out/coverage-grid" $(stats_sources) \
    "$tests/MixtureLatencyModel.swift" "$tests/CoverageGrid.swift" "$root/scripts/stats/coverage-grid/main.swift"
exec "$out/coverage-grid" "$@"

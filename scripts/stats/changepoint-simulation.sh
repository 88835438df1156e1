#!/bin/sh
# Known-truth rates of sonde's change-point search (docs/statistics.md, "History: change points"):
# compiles the History sources with -O beside a driver that repeats
# ChangePointSimulationTests' simulation, and runs it.
# Usage: scripts/stats/changepoint-simulation.sh [stationary-series [shifted-series]]  (default 1000 500)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/.build-history-sim"
mkdir -p "$out"
core="$root/Sources/SondeCore"
swiftc -O -module-name SondeSimulation -o "$out/changepoint-simulation" \
    "$core/Statistics/SeededGenerator.swift" "$core/Statistics/Quantile.swift" \
    "$core/Statistics/NormalDistribution.swift" "$core"/History/EDivisive.swift \
    "$core/History/ChangePoint.swift" "$core/History/ChangePointSettings.swift" \
    "$core/History/ChangePointDetector.swift" "$core/History/ShiftEstimate.swift" \
    "$root/scripts/stats/changepoint-simulation/main.swift"
exec "$out/changepoint-simulation" "$@"

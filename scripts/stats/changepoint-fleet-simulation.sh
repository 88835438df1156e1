#!/bin/sh
# False alarms and power of sonde's change-point search on the calibrated default fleet's latency
# models (docs/statistics.md, "History: change points on the calibrated fleet"): compiles the
# History sources with -O beside the driver in changepoint-fleet-simulation/, and runs it.
# Usage: scripts/stats/changepoint-fleet-simulation.sh [stationary-series [shifted-series]]  (default 1000 500)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/.build-history-sim"
mkdir -p "$out"
core="$root/Sources/SondeCore"
swiftc -O -module-name SondeFleetSimulation -o "$out/changepoint-fleet-simulation" \
    "$core/Statistics/SeededGenerator.swift" "$core/Statistics/Quantile.swift" \
    "$core/Statistics/NormalDistribution.swift" "$core"/History/EDivisive.swift \
    "$core/History/ChangePoint.swift" "$core/History/ChangePointSettings.swift" \
    "$core/History/ChangePointDetector.swift" "$core/History/ShiftEstimate.swift" \
    "$root/scripts/stats/changepoint-fleet-simulation/main.swift"
exec "$out/changepoint-fleet-simulation" "$@"

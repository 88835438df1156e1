#!/bin/sh
# Size and power of the gate quantile test drawn in the rank window against the full test
# (docs/statistics.md, "Large samples: quantile rules drawn in the rank window"; issue 17): compiles the Statistics sources and the
# gate's statistics with -O beside scripts/stats/gate-window/main.swift, and runs it; the same seeds as the opt-in GateWindowSimulationTests.
# Usage: scripts/stats/gate-window.sh [AA-REPS [POWER-REPS [full]]]   (default 1000 200; "full" adds A/A of the full test)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/.build-gate-window"
mkdir -p "$out"
stats="$root/Sources/SondeCore/Statistics"
gate="$root/Sources/SondeCore/Gate"
swiftc -O -D SONDE_SIMULATION_SCRIPT -module-name SondeGateWindow -o "$out/gate-window" \
    $(ls "$stats"/*.swift | grep -v LatencyHistogram.swift) \
    "$gate/LabelPermutation.swift" "$gate/GateStatistics.swift" "$gate/GateStatistics+Window.swift" \
    "$gate/GateStatistics+BatchMeans.swift" "$gate/MetricChange.swift" "$gate/DetectableChange.swift" \
    "$gate/SpreadMeasure.swift" "$root/scripts/stats/detectable-change/GateRulesStandIn.swift" \
    "$root/Tests/SondeCoreTests/Statistics/MixtureLatencyModel.swift" "$root/Tests/SondeCoreTests/Gate/GateWindowSimulation.swift" \
    "$root/scripts/stats/gate-window/main.swift"
exec "$out/gate-window" "$@"

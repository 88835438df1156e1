#!/bin/sh
# Size and power of the gate quantile test drawn in the rank window against the full test
# (docs/statistics.md, "Large samples: quantile rules drawn in the rank window"; issue 17): compiles the Statistics sources and the
# gate's statistics with -O beside scripts/stats/gate-window/main.swift, and runs it; the same seeds as the opt-in GateWindowSimulationTests.
# Usage: scripts/stats/gate-window.sh [AA-REPS [POWER-REPS [full]]]   (default 1000 200; "full" adds A/A of the full test)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/.build-gate-window"
mkdir -p "$out"
. "$root/scripts/stats/sources.sh"
swiftc -O -D SONDE_SIMULATION_SCRIPT -module-name SondeGateWindow -o "$out/gate-window" $(stats_sources) $(gate_sources) \
    "$root/Tests/SondeCoreTests/Gate/GateWindowSimulation.swift" "$root/scripts/stats/gate-window/main.swift"
exec "$out/gate-window" "$@"

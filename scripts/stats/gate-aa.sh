#!/bin/sh
# Gate false-failure (A/A) and power rates per rule on the coverage grid's families
# (docs/statistics.md, "Gate A/A per family"; issue 23): compiles the Statistics sources and the
# gate's statistics with -O beside scripts/stats/gate-aa/main.swift, and runs it.
# Usage: scripts/stats/gate-aa.sh REPS SCALE FAMILIES RULES [SEED]
#   e.g. scripts/stats/gate-aa.sh 1000 1 ln0.1,ln0.3,ln0.5,ln1.0,spikes,c,c\' mean
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/.build-gate-aa"
mkdir -p "$out"
. "$root/scripts/stats/sources.sh"
swiftc -O -D SONDE_SIMULATION_SCRIPT -module-name SondeGateAA -o "$out/gate-aa" $(stats_sources) $(gate_sources) \
    "$root/scripts/stats/gate-aa/AARules.swift" "$root/scripts/stats/gate-aa/main.swift"
exec "$out/gate-aa" "$@"

#!/bin/sh
# Validation of the gate's detectable change (docs/statistics.md, "What a pass can see"): compiles
# the Statistics sources and the gate's statistics with -O beside a driver that repeats
# DetectableChangeSimulationTests for one family, and runs it.
# Usage: scripts/stats/detectable-change.sh lnSIGMA|spikes P LIMIT SEED REPS
#   e.g. scripts/stats/detectable-change.sh ln0.5 0.9 0.10 2304 1000
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/.build-detectable-change"
mkdir -p "$out"
. "$root/scripts/stats/sources.sh"
swiftc -O -D SONDE_SIMULATION_SCRIPT -module-name SondeDetectableChange -o "$out/detectable-change" \
    $(stats_sources) $(gate_sources) "$root/scripts/stats/detectable-change/main.swift"
exec "$out/detectable-change" "$@"

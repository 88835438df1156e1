#!/bin/sh
# Issue 23 diagnostics of docs/statistics.md ("Slow episodes and heavy tails", "Longer runs of the
# 300-pair cells"): compiles one driver with -O beside the Statistics (and, for the gate drivers,
# Gate) sources, like coverage-grid.sh and gate-aa.sh, and runs it with the remaining arguments.
# Usage: scripts/stats/interval-diagnostics/run.sh DRIVER ARGS...
#   accelerated REPS CELLS RESAMPLES      jackknife t, accelerated, today's and farther-ends coverage
#   slow-share-and-tail REPS "c'" 0 | REPS "a'" RESAMPLES   (c') IQR by slow share; (a') misses by sample max
#   tail-floor REPS CELLS RESAMPLES       log-normal-implied SE floor variants of the variance ratio
#   block-windows REPS CELLS              main's and today's intervals on the block-scheme windows
#   aa-block-windows REPS SCALE FAMILY RULES SEED   gate failures in block-scheme windows only
#   pvalue-lean REPS SCALE FAMILY pNN SEED          p-value distribution of a quantile rule under A/A
#   data-lean REPS                         lean of log(HD p50 candidate/baseline) in gate-aa's pairs
#   mean-size-adjusted FAMILY SCALE AA-REPS AA-SEEDS POWER-REPS POWER-SEED   mean rule: batch means vs relabelling at equal size
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
name=$1; shift
out="$root/.build-interval-diagnostics"
mkdir -p "$out"
. "$root/scripts/stats/sources.sh"
# The gate drivers share gate-aa's families and rule judgement.
case "$name" in aa-*|pvalue-*|mean-size-*) shared="$root/scripts/stats/gate-aa/AARules.swift" ;; *) shared= ;; esac
swiftc -O -D SONDE_SIMULATION_SCRIPT -module-name Diagnostics -o "$out/$name" $(stats_sources) $(gate_sources) \
    "$root/Tests/SondeCoreTests/Statistics/CoverageGrid.swift" $shared "$root/scripts/stats/interval-diagnostics/$name/main.swift"
exec "$out/$name" "$@"

# Sourced (with $root set) by the scripts under scripts/stats/ that compile a driver with -O outside
# the package: one list of the SondeCore files they compile beside it, so that a file added to the
# gate's statistics reaches every driver.
# stats_sources: the Statistics sources, without LatencyHistogram (it needs the Histogram package
# and no driver uses it).
stats_sources() {
    ls "$root/Sources/SondeCore/Statistics"/*.swift | grep -v LatencyHistogram.swift
}
# gate_sources: the gate's statistics, the mixture model of the simulations and a stand-in for the
# gate's rules (GateStatistics names them; the drivers pass their limits directly).
gate_sources() {
    g="$root/Sources/SondeCore/Gate"
    echo "$g/LabelPermutation.swift" "$g/GateStatistics.swift" "$g/GateStatistics+Window.swift" \
        "$g/GateStatistics+BatchMeans.swift" "$g/MetricChange.swift" "$g/DetectableChange.swift" \
        "$g/SpreadMeasure.swift" "$root/scripts/stats/detectable-change/GateRulesStandIn.swift" \
        "$root/Tests/SondeCoreTests/Statistics/MixtureLatencyModel.swift"
}

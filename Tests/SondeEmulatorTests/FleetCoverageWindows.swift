#if !SONDE_SIMULATION_SCRIPT
import SondeCore
@testable import SondeEmulator
#endif

/// The windows of the fleet coverage simulation, shared by the opt-in FleetCoverageSimulationTests
/// (variance ratio) and scripts/stats/fleet-coverage.sh (variance, IQR and MAD ratios), which
/// compiles this file outside the package, so that both draw the same windows from the same seeds.
enum FleetCoverageWindows {
    /// Repetition `rep`'s fleet: every provider's model, from a fleet seed of its own, and `n`
    /// requests `spacing` apart from a random point in a ten-hour timeline (µs).
    static func window(rep: Int, seed: UInt64, spacing: Duration, providers: [EmulatedProviderSpec], n: Int)
        -> (models: [LatencyModel], series: [[Double]]) {
        let fleetSeed = SplitMix64.mix(seed &+ UInt64(rep))
        let models = providers.map { LatencyModel($0, fleetSeed: fleetSeed) }
        var clock = SplitMix64(seed: fleetSeed ^ 0x5EED)
        let start = Duration.milliseconds(Int64(clock.nextOpenUnit() * 36_000_000)) // anywhere in ten hours
        let series: [[Double]] = models.enumerated().map { index, model in
            var rng = SplitMix64(seed: SplitMix64.mix(fleetSeed &+ UInt64(index + 1)))
            return (0..<n).map { i in
                Double(model.delay(at: start + spacing * i, using: &rng).nanoseconds) / 1000
            }
        }
        return (models, series)
    }

    /// The DePIN members aligned as `VarianceAnalysis` aligns them: each shifted so that its median
    /// sits on the mean of their medians.
    static func aligned(_ members: [[Double]]) -> [[Double]] {
        let medians = members.map { Quantile.of($0, 0.5) }
        let centre = medians.reduce(0, +) / Double(medians.count)
        return zip(members, medians).map { values, median in values.map { $0 - median + centre } }
    }

    /// The variance of the aligned pooled group, as `VarianceAnalysis` forms it: each member shifted
    /// by (centre − its median), so the pool's variance is the mean of the members' variances plus
    /// the spread of their shifted means. The model medians stand in for the true medians (spikes and
    /// episodes move those by well under 1%).
    static func pooledTruth(_ models: [LatencyModel]) -> Double {
        let moments = models.map(\.stationaryMoments)
        let medians = models.map { $0.modelMedian.secondsValue }
        let centre = medians.reduce(0, +) / Double(medians.count)
        let shiftedMeans = zip(moments, medians).map { $0.mean - $1 + centre }
        let meanOfMeans = shiftedMeans.reduce(0, +) / Double(shiftedMeans.count)
        let between = shiftedMeans.reduce(0) { $0 + ($1 - meanOfMeans) * ($1 - meanOfMeans) } / Double(shiftedMeans.count)
        return moments.map(\.variance).reduce(0, +) / Double(moments.count) + between
    }
}

#if !SONDE_SIMULATION_SCRIPT
@testable import SondeCore
#endif

/// Known-truth rates of the gate's quantile test drawn in the rank window (`QuantileWindow`)
/// against the same test drawn over every value, at n = 20,000 a side (log-normal σ 0.3). Shared by
/// the opt-in GateWindowSimulationTests and scripts/stats/gate-window.sh, which compiles this file
/// outside the package, so that both run the same pairs with the same seeds.
enum GateWindowSimulation {
    static let n = 20_000
    static let level = GateStatistics.defaultLevel

    /// The full-path comparison (`logScaleChange` over all values, as before windows).
    static func full(_ b: [Double], _ c: [Double], p: Double, seed: UInt64) -> MetricChange {
        let hb = HarrellDavis(p: p, count: b.count), hc = HarrellDavis(p: p, count: c.count)
        return GateStatistics.logScaleChange(baseline: b, candidate: c, level: level, seed: seed, name: "full") {
            side, x, counts in (side == 0 ? hb : hc).estimate(sorted: x, counts: counts)
        }
    }

    /// Repetitions rejecting "no increase" (pIncrease below the level), per quantile (p50, p99).
    static func rejections(scale: Double, repetitions: Int, full useFull: Bool, seed: UInt64) -> [Double: Int] {
        var rejections: [Double: Int] = [0.5: 0, 0.99: 0]
        let model = MixtureLatencyModel.logNormal(sigma: 0.3)
        for rep in 0..<repetitions {
            var rng = SeededGenerator(seed: seed, stream: UInt64(rep))
            let b = model.sample(n, &rng)
            let c = model.sample(n, &rng).map { $0 * scale }
            for p in [0.5, 0.99] {
                let change = useFull ? full(b, c, p: p, seed: UInt64(rep))
                    : GateStatistics.windowedQuantileChange(baseline: b, candidate: c, p: p, level: level, seed: UInt64(rep))!
                rejections[p, default: 0] += change.pIncrease < level ? 1 : 0
            }
        }
        return rejections
    }
}

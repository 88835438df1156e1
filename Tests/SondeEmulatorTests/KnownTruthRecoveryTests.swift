import Foundation
import Testing
import SondeCore
@testable import SondeEmulator

/// Known-truth recovery through the emulator's own latency models (no network): fleets whose
/// variance ratio to a baseline is 1x, 2x, 5x or 10x by construction, analysed by the same
/// `SpreadComparison` the reports use. The reported 95% interval must contain the true ratio in
/// at least 17 of 20 independent fleets per ratio (expected 19; 17 of 20 or fewer happens with
/// probability ≈ 0.075 for a correct 95% interval, so each ratio is checked over 20 seeds).
@Suite struct KnownTruthRecoveryTests {
    /// Log-normal variance (e^{σ²} − 1) e^{2μ + σ²} scales with the median squared at equal σ,
    /// so a candidate median of √r times the baseline's gives variance ratio r exactly.
    static func provider(_ name: String, median: Double, sigma: Double) -> EmulatedProviderSpec {
        EmulatedProviderSpec(name: name, kind: .depin, region: "r", latency: .init(median: .microseconds(Int64(median)), sigma: sigma))
    }

    static func draws(_ model: LatencyModel, count: Int, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { i in Double(model.delay(at: .milliseconds(100 * i), using: &rng).nanoseconds) / 1000 }
    }

    @Test(arguments: [1.0, 2.0, 5.0, 10.0])
    func theIntervalContainsTheTrueVarianceRatio(ratio: Double) {
        let baseline = LatencyModel(Self.provider("base", median: 40_000, sigma: 0.25), fleetSeed: 1)
        let candidate = LatencyModel(Self.provider("cand", median: 40_000 * ratio.squareRoot(), sigma: 0.25), fleetSeed: 1)
        var covered = 0
        var points: [Double] = []
        for fleet in 0..<20 {
            let b = Self.draws(baseline, count: 1000, seed: UInt64(1000 + fleet))
            let c = Self.draws(candidate, count: 1000, seed: UInt64(5000 + fleet))
            let comparison = SpreadComparison.compare(baseline: b, candidate: c, resamples: 500, confidence: 0.95, seed: UInt64(fleet))
            if comparison.varianceRatio.contains(ratio) { covered += 1 }
            points.append(comparison.varianceRatio.point)
        }
        print("variance ratio \(ratio)x: covered in \(covered)/20 fleets; median estimate \(Quantile.of(points, 0.5))")
        #expect(covered >= 17, "true ratio \(ratio) inside the 95% interval in only \(covered) of 20 fleets")
    }
}

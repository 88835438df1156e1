#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import SondeCore

/// The gate's quantile rule drawn in the rank window (`QuantileWindow`,
/// GateStatistics+Window.swift) against the same test drawn over every value.
@Suite struct WindowedQuantileChangeTests {
    static func lognormal(_ n: Int, sigma: Double, scale: Double, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { _ in scale * 20_000 * exp(sigma * rng.normal()) }
    }

    @Test func theWindowedEstimateIsHarrellDavis() throws {
        let x = Self.lognormal(20_000, sigma: 0.4, scale: 1, seed: 3)
        for p in [0.5, 0.9, 0.99] {
            let window = try #require(QuantileWindow(p: p, count: x.count))
            #expect(window.high - window.low < x.count / 4)
            let expected = HarrellDavis.quantile(x, p)
            #expect(abs(window.estimate(sorted: x.sorted()) - expected) <= 1e-12 * expected)
        }
        // Too few values for a narrow window: the full estimator is used.
        #expect(QuantileWindow(p: 0.5, count: 1000).map { _ in 1 } == nil)
        // Below 10,000 values even a narrow p99 window is not used: small runs keep their numbers.
        #expect(QuantileWindow(p: 0.99, count: 9_999).map { _ in 1 } == nil)
        #expect(QuantileWindow(p: 0.99, count: 20_000).map { _ in 1 } != nil)
    }

    /// Same estimates; the bootstrap SE and the permutation spread agree within their Monte
    /// Carlo error (1,000 resamples: ~2.2% relative sd of an SE; 2,000 relabellings: ~1.6%).
    @Test(arguments: [0.5, 0.99])
    func agreesWithTheFullResampling(p: Double) throws {
        let b = Self.lognormal(12_000, sigma: 0.3, scale: 1, seed: 11)
        let c = Self.lognormal(12_000, sigma: 0.3, scale: 1.03, seed: 12)
        let windowed = try #require(GateStatistics.windowedQuantileChange(baseline: b, candidate: c, p: p,
                                                                          level: GateStatistics.defaultLevel, seed: 5))
        let full = GateWindowSimulation.full(b, c, p: p, seed: 5)
        #expect(abs(windowed.ratio.point / full.ratio.point - 1) < 1e-12)
        let widthW = log(windowed.ratio.upper / windowed.ratio.lower), widthF = log(full.ratio.upper / full.ratio.lower)
        #expect(abs(widthW / widthF - 1) < 0.12, "interval widths \(widthW) vs \(widthF)")
        let spreadW = try #require(windowed.detectable?.spread), spreadF = try #require(full.detectable?.spread)
        #expect(abs(spreadW / spreadF - 1) < 0.10, "permutation spread \(spreadW) vs \(spreadF)")
        #expect(abs(windowed.pIncrease - full.pIncrease) < 0.05, "p↑ \(windowed.pIncrease) vs \(full.pIncrease)")
        #expect(windowed.method.contains("rank window"))
    }

    /// At 200,000 values a side the default rules take the windowed path and see a 5% shift.
    @Test func largeSamplesTakeTheWindowAndDetectAShift() {
        let b = Self.lognormal(200_000, sigma: 0.3, scale: 1, seed: 21)
        let c = Self.lognormal(200_000, sigma: 0.3, scale: 1.05, seed: 22)
        let change = GateStatistics.quantileChange(baseline: b, candidate: c, p: 0.99, level: GateStatistics.defaultLevel, seed: 9)
        #expect(change.method.contains("rank window"))
        #expect(abs(change.ratio.point - 1.05) < 0.01)
        #expect(change.pIncrease < GateStatistics.defaultLevel)
        let same = GateStatistics.quantileChange(baseline: b, candidate: b, p: 0.5, level: GateStatistics.defaultLevel, seed: 9)
        #expect(same.ratio.point == 1)
        #expect(same.pIncrease > 0.4 && same.pDecrease > 0.4)
    }
}

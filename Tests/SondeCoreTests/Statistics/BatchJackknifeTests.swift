#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import SondeCore

/// The grouped jackknife and the mean rule's batch-means t test against numpy/scipy on the same
/// deterministic series (`python3 scripts/stats/batch-jackknife.py`, numpy 2.4.6, scipy 1.17.1).
struct BatchJackknifeTests {
    /// 10 + ((t·a) mod c)/4 + 5 sin(t/8), t = 0..<n: serially dependent through the sine.
    static func series(_ n: Int, _ a: Int, _ c: Int) -> [Double] {
        (0..<n).map { t in 10 + Double((t * a) % c) / 4 + 5 * sin(Double(t) / 8) }
    }

    @Test func standardErrorsMatchNumpy() throws {
        let x = Self.series(50, 11, 17).map { $0 * 1.5 }
        // -> iqr se 0.0792659886776226, mad se 0.05370765243598887, mean se 0.1563159169421296, df 3
        let iqr = try #require(BatchJackknife.logStandardError(groups: [x], batches: 4, statistic: BatchJackknife.iqr))
        let mad = try #require(BatchJackknife.logStandardError(groups: [x], batches: 4, statistic: BatchJackknife.mad))
        let mean = try #require(BatchJackknife.logStandardError(groups: [x], batches: 4, statistic: BatchJackknife.mean))
        #expect(isClose(iqr.se, 0.0792659886776226, relative: 1e-9))
        #expect(isClose(mad.se, 0.05370765243598887, relative: 1e-9))
        #expect(isClose(mean.se, 0.1563159169421296, relative: 1e-9))
        #expect(iqr.degreesOfFreedom == 3)
    }

    @Test func ratioIntervalMatchesScipy() throws {
        let base = Self.series(40, 37, 23), cand = Self.series(50, 11, 17).map { $0 * 1.5 }
        let r = try #require(BatchJackknife.ratioInterval(baseline: base, candidateGroups: [cand], batches: 5,
                                                          confidence: 0.95, statistic: BatchJackknife.iqr))
        // -> iqr ratio 1.460494548685135 0.5723501872074327 3.726816858654984 df 7.822851292173565
        #expect(isClose(r.point, 1.460494548685135, relative: 1e-12))
        // Student's quantile is found by bisection in StudentT: 1e-9 relative on the ends.
        #expect(isClose(r.lower, 0.5723501872074327, relative: 1e-9))
        #expect(isClose(r.upper, 3.726816858654984, relative: 1e-9))
    }

    @Test func acceleratedRatioIntervalMatchesNumpyAndScipysAcceleration() throws {
        // The candidate with a +9 value every 17th: skewed leave-out values, so a ≠ 0.
        let base = Self.series(40, 37, 23)
        let cand = Self.series(50, 11, 17).enumerated().map { t, x in x * 1.5 + (t % 17 == 3 ? 9 : 0) }
        // -> accelerated iqr ratio 1.460494548685135 a -0.02077896035908983
        //    lower 0.5897803426946956 upper 3.457491125677954
        //    accelerated variance ratio 2.5600633304595735 a -0.04679898489845163
        //    lower 0.65927593788763 upper 8.444834756192757
        //    scipy acceleration iqr -0.020778960359089826, variance -0.04679898489845163
        //    (scipy.stats._resampling._bca_interval over the batch numbers)
        let iqr = try #require(BatchJackknife.ratioInterval(baseline: base, candidateGroups: [cand], batches: 5,
                                                            confidence: 0.95, statistic: BatchJackknife.iqr,
                                                            accelerated: true))
        #expect(isClose(iqr.point, 1.460494548685135, relative: 1e-12))
        #expect(isClose(iqr.lower, 0.5897803426946956, relative: 1e-9))
        #expect(isClose(iqr.upper, 3.457491125677954, relative: 1e-9))
        let variance = try #require(BatchJackknife.ratioInterval(baseline: base, candidateGroups: [cand], batches: 5,
                                                                 confidence: 0.95, statistic: BatchJackknife.variance,
                                                                 accelerated: true))
        #expect(isClose(variance.point, 2.5600633304595735, relative: 1e-12))
        #expect(isClose(variance.lower, 0.65927593788763, relative: 1e-9))
        #expect(isClose(variance.upper, 8.444834756192757, relative: 1e-9))
        // a < 0 here: the lower end moves out, the upper keeps the plain t end.
        let plain = try #require(BatchJackknife.ratioInterval(baseline: base, candidateGroups: [cand], batches: 5,
                                                              confidence: 0.95, statistic: BatchJackknife.variance))
        #expect(variance.lower < plain.lower)
        #expect(isClose(variance.upper, plain.upper, relative: 1e-12))
    }

    @Test func acceleratedEndsMoveTheSkewedSideOutAndCapIt() {
        #expect(BatchJackknife.acceleratedEnds(2, acceleration: 0) == (2, 2))
        let up = BatchJackknife.acceleratedEnds(2, acceleration: 0.1)
        #expect(isClose(up.upper, 2 / 0.8, relative: 1e-12))
        #expect(up.lower == 2)
        let down = BatchJackknife.acceleratedEnds(2, acceleration: -0.1)
        #expect(isClose(down.lower, 2 / 0.8, relative: 1e-12))
        #expect(down.upper == 2)
        // 1 − a·t = 0.4: BCa's end would lie at 5 standard errors; capped at twice t.
        #expect(BatchJackknife.acceleratedEnds(2, acceleration: 0.3).upper == 4)
        #expect(BatchJackknife.acceleratedEnds(2, acceleration: 0.9).upper == 4)
    }

    @Test func pooledGroupsAreBatchedWithinEachGroup() throws {
        // Two groups batched separately: a group that is constant in time but sits far from the
        // other must not create batch-to-batch variation by itself.
        let a = Self.series(40, 37, 23), b = [Double](repeating: 100, count: 40)
        let pooled = try #require(BatchJackknife.logStandardError(groups: [a, b], batches: 4, statistic: BatchJackknife.mean))
        let concatenated = try #require(BatchJackknife.logStandardError(groups: [a + b], batches: 4,
                                                                      statistic: BatchJackknife.mean))
        #expect(pooled.se < concatenated.se / 5)
        #expect(BatchJackknife.logStandardError(groups: [[1, 2, 3]], batches: 4, statistic: BatchJackknife.mean) == nil)
    }

    @Test func meanRuleUsesBatchMeansUnderDependence() throws {
        let base = Self.series(200, 37, 23)
        let cand = base.reversed().map { $0 * 1.01 }
        #expect(BootstrapMethod.automatic(for: [base, cand]) != .iid)
        let m = GateStatistics.meanChange(baseline: base, candidate: cand, level: 0.005, seed: 1)
        // -> mean rule ratio 1.01 pIncrease 0.47083480746016715 pDecrease 0.5291651925398329
        //    lower 0.6786417393260948 upper 1.503149513044954 df 14.000000000000002 se 0.13356844377092625
        #expect(m.method.contains("batch-means t test"))
        #expect(isClose(m.ratio.point, 1.01, relative: 1e-12))
        #expect(isClose(m.pIncrease, 0.47083480746016715, relative: 1e-9))
        #expect(isClose(m.pDecrease, 0.5291651925398329, relative: 1e-9))
        #expect(isClose(m.ratio.lower, 0.6786417393260948, relative: 1e-9))
        #expect(isClose(m.ratio.upper, 1.503149513044954, relative: 1e-9))
        let d = try #require(m.detectable)
        #expect(isClose(d.spread, 0.13356844377092625, relative: 1e-9))
        #expect(isClose(d.criticalIncrease, -d.criticalDecrease, relative: 1e-12))
    }

    @Test func meanRuleKeepsThePermutationForIndependentValues() {
        var rng = SeededGenerator(seed: 7)
        let base = (0..<300).map { _ in 40 * exp(0.3 * rng.normal()) }
        let cand = (0..<300).map { _ in 40 * exp(0.3 * rng.normal()) }
        #expect(BootstrapMethod.automatic(for: [base, cand]) == .iid)
        let m = GateStatistics.meanChange(baseline: base, candidate: cand, level: 0.005, seed: 1)
        #expect(m.method.contains("permutations"))
    }
}

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

import Foundation
import Testing
@testable import SondeCore

/// The report's large-sample arrangements (issue 17) give exactly what the plain code gives:
/// a shared baseline side, the mean bootstrap without materialised resamples, the MAD by
/// merging deviations. Exact equality, not closeness: the method did not change.
struct SharedResamplingTests {
    static func lognormal(_ n: Int, sigma: Double, scale: Double, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { _ in (scale * exp(sigma * rng.normal())).rounded() }
    }

    /// Values with a slow episode, so that the automatic scheme picks moving blocks.
    static func episodes(_ n: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { i in (i / 40) % 3 == 0 ? 90 + rng.normal() : 30 + rng.normal() }
    }

    @Test func sharedBaselineSideGivesTheSameComparison() {
        let baseline = Self.lognormal(600, sigma: 0.25, scale: 30_000, seed: 1)
        let groups = [Self.lognormal(500, sigma: 0.5, scale: 32_000, seed: 2), Self.lognormal(400, sigma: 0.4, scale: 28_000, seed: 3)]
        let shared = SharedBaselineResamples(baseline: baseline, resamples: 300, seed: 77)
        for candidate in [[groups[0]], groups, [Self.episodes(500, seed: 4)]] {
            let plain = SpreadComparison.compare(baseline: baseline, candidateGroups: candidate, resamples: 300,
                                                 confidence: 0.95, seed: 77)
            #expect(SpreadComparison.compare(sharing: shared, candidateGroups: candidate, confidence: 0.95) == plain)
        }
    }

    @Test func meanBootstrapWithoutResamplesGivesTheSameInterval() {
        let baseline = Self.lognormal(700, sigma: 0.3, scale: 20_000, seed: 5)
        let groups = [Self.lognormal(300, sigma: 0.6, scale: 20_500, seed: 6), Self.lognormal(650, sigma: 0.2, scale: 19_000, seed: 7)]
        for method in [BootstrapMethod.iid, .movingBlock(blockLength: 17)] {
            let plain = Bootstrap.ratioInterval(baseline: baseline, candidateGroups: groups, method: method, resamples: 400,
                                                confidence: 0.9, seed: 11) { values in
                var sum = 0.0
                for value in values { sum += value }
                return sum / Double(values.count)
            }
            let base = Bootstrap.meanReplicates(groups: [baseline], side: 0, method: method, resamples: 400, seed: 11)
            let fast = Bootstrap.meanRatioInterval(baseline: baseline, baselineReplicates: base, candidateGroups: groups,
                                                   method: method, resamples: 400, confidence: 0.9, seed: 11)
            #expect(fast == plain)
        }
    }

    @Test func madByMergingEqualsMadBySorting() {
        var rng = SeededGenerator(seed: 9)
        for n in [1, 2, 3, 4, 5, 10, 11, 101, 1_000] {
            // Few distinct values (ties at the median and among deviations) and continuous ones.
            for values in [(0..<n).map { _ in Double(rng.index(below: 7)) }, (0..<n).map { _ in rng.normal() * 3 }] {
                let sorted = values.sorted()
                let median = Quantile.ofSorted(sorted, 0.5)
                var deviations = sorted.map { abs($0 - median) }
                deviations.sort()
                #expect(Descriptive.medianAbsoluteDeviation(sorted: sorted, median: median) == Quantile.ofSorted(deviations, 0.5))
            }
        }
    }
}

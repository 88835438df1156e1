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

    /// The resampler's sorted values and ranks, built by sorting 4-byte positions and permuting
    /// the values in place, equal those of sorting (value, position) pairs (the code before):
    /// several groups, an empty one, many ties across groups.
    @Test func resamplerOrderEqualsSortingPairs() {
        var rng = SeededGenerator(seed: 13)
        let shapes: [[[Double]]] = [
            [(0..<500).map { _ in Double(rng.index(below: 9)) }, [], (0..<300).map { _ in Double(rng.index(below: 9)) }],
            [Self.lognormal(700, sigma: 0.5, scale: 30_000, seed: 14), Self.lognormal(200, sigma: 0.2, scale: 31_000, seed: 15)],
            [[5], [5, 5, 4]],
        ]
        for groups in shapes {
            var pairs: [(value: Double, position: Int32)] = []
            for g in groups { for value in g { pairs.append((value, Int32(pairs.count))) } }
            pairs.sort { $0.value < $1.value || ($0.value == $1.value && $0.position < $1.position) }
            var rank = [Int32](repeating: 0, count: pairs.count)
            for (r, p) in pairs.enumerated() { rank[Int(p.position)] = Int32(r) }
            let resampler = CountResampler(groups: groups)
            #expect(resampler.sorted == pairs.map(\.value))
            #expect(resampler.rank == rank)
        }
    }

    /// Brown–Forsythe over pieces with the medians from sorted values gives the statistic of
    /// the concatenated groups bit for bit, and the comparison's pooled median is the selection's.
    @Test func brownForsytheOverPiecesAndSortedMediansEqualTheCopies() {
        let baseline = Self.lognormal(601, sigma: 0.25, scale: 30_000, seed: 16)
        let groups = [Self.lognormal(500, sigma: 0.5, scale: 32_000, seed: 17), Self.lognormal(333, sigma: 0.4, scale: 28_000, seed: 18)]
        let pooled = groups.flatMap { $0 }
        let copies = BrownForsythe.test([baseline, pooled])
        let pieces = BrownForsythe.test(pieces: [[baseline], groups],
                                        medians: [Quantile.ofSorted(baseline.sorted(), 0.5), Quantile.ofSorted(pooled.sorted(), 0.5)])
        #expect(pieces.statistic == copies.statistic && pieces.pValue == copies.pValue)

        let shared = SharedBaselineResamples(baseline: baseline, resamples: 200, seed: 5)
        let (spread, median) = SpreadComparison.compareWithMedian(sharing: shared, candidateGroups: groups, confidence: 0.95)
        var scratch = pooled
        #expect(median == scratch.withUnsafeMutableBufferPointer { Selection.quantile($0, 0.5) })
        #expect(spread == SpreadComparison.compare(baseline: baseline, candidateGroups: groups, resamples: 200, confidence: 0.95, seed: 5))
    }

    /// The leave-one-out ratios summed in place equal those of centred, concatenated copies
    /// (the code before), aligned and not.
    @Test func leaveOneOutWithoutCopiesEqualsTheCopies() throws {
        let groups = [Self.lognormal(400, sigma: 0.5, scale: 32_000, seed: 19), Self.lognormal(250, sigma: 0.3, scale: 50_000, seed: 20),
                      Self.lognormal(300, sigma: 0.8, scale: 20_000, seed: 21)]
        for align in [true, false] {
            let check = try #require(PooledLeaveOneOut(subject: "g", providers: ["a", "b", "c"], groups: groups, baselineVariance: 7e6,
                                                       ratio: RatioEstimate(point: 10, lower: 9, upper: 11), align: align))
            let centred = align ? groups.map { g in let median = Quantile.of(g, 0.5); return g.map { $0 - median } } : groups
            let expected = (0..<3).map { left -> Double in
                let rest = centred.indices.filter { $0 != left }.flatMap { centred[$0] }
                let n = Double(rest.count)
                let mean = rest.reduce(0, +) / n
                return rest.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) / 7e6
            }
            #expect(check.members.map(\.ratioWithout) == expected)
        }
    }
}

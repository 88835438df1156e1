/// Finds change points in a per-run series (one value per run: a median, a p99, an error rate)
/// by E-divisive means with a permutation test (Matteson & James 2014, §3):
///
/// 1. In every current segment (first the whole series) find the best split (`EDivisive`);
///    the candidate is the split with the largest Q̂ over all segments.
/// 2. Test it: permute the values within each segment, recompute the largest Q̂, and count the
///    permutations reaching the observed one; p = (1 + b) / (1 + R).
/// 3. If p ≤ the series level, keep the change point and go back to 1 with the segment split
///    in two (bisection); otherwise stop.
///
/// The test stops drawing early, as Besag & Clifford (1991) sequential Monte Carlo tests do,
/// once the exceedances already make p exceed the level: the decision cannot change, and a
/// stationary series then costs a few dozen permutations instead of thousands.
///
/// A significant split cannot stop early: p ≤ level needs at least 1/level − 1 permutations
/// (3,599 for 36 series), each O(n²). A series longer than `settings.maximumPoints` runs is
/// therefore tested on the medians of consecutive blocks of b = ⌈n / maximumPoints⌉ runs, the
/// oldest n mod b runs left out of the test (a
/// month of 5-minute runs, 2,880 per vantage point: hours of 12 runs, 240 points), and each
/// change found is placed at the run with the largest Q̂ of the runs' own segment within a block
/// of the block edge. Under no change the runs are exchangeable, so their block medians are too:
/// the permutation test on blocks keeps its level, and the family-wise argument of
/// `ChangePointSettings` is unchanged. What it costs is resolution: a segment needs
/// `minimumSegment` blocks (5 hours at b = 12), so a change in the last hours or lasting less is
/// not seen, and power is that of the block medians.
public struct ChangePointDetector: Sendable {
    /// The settings in force.
    public var settings: ChangePointSettings

    /// A detector with `settings`.
    public init(settings: ChangePointSettings) {
        self.settings = settings
    }

    /// The significant change points of `series`, in index order. `stream` picks an
    /// independent permutation stream under the settings' seed (give each series of a report
    /// its own), so results do not depend on the order series are analysed in.
    public func detect(_ series: [Double], stream: UInt64 = 0) -> [ChangePoint] {
        precondition(!series.contains { $0.isNaN }, "a change-point series cannot contain NaN")
        let block = settings.blockSize(count: series.count)
        let tested = block == 1 ? series : Self.blockMedians(series, size: block)
        var generator = SeededGenerator(seed: settings.seed, stream: stream)
        var boundaries = [0, tested.count]
        var accepted: [(index: Int, statistic: Double, pValue: Double, permutations: Int)] = []
        while true {
            guard let candidate = bestCandidate(tested, boundaries: boundaries) else { break }
            let (pValue, drawn) = permutationTest(tested, boundaries: boundaries, observed: candidate.statistic,
                                                  generator: &generator)
            guard pValue <= settings.seriesLevel else { break }
            accepted.append((candidate.index, candidate.statistic, pValue, drawn))
            boundaries.append(candidate.index)
            boundaries.sort()
        }
        accepted.sort { $0.index < $1.index }
        if block > 1 {
            // Block edges to runs: each change is placed within its segment of runs (bounded by
            // the neighbouring changes' block edges), at most a block either side of its edge.
            let offset = series.count % block
            let edges = [0] + accepted.map { offset + $0.index * block } + [series.count]
            for (i, found) in accepted.enumerated() {
                accepted[i].index = refine(series, segment: edges[i]..<edges[i + 2], near: offset + found.index * block, block: block)
            }
        }
        let runBoundaries = [0] + accepted.map(\.index) + [series.count]
        return accepted.enumerated().map { i, found in
            let beforeValues = Array(series[runBoundaries[i]..<found.index])
            let afterValues = Array(series[found.index..<runBoundaries[i + 2]])
            return ChangePoint(index: found.index, statistic: found.statistic, pValue: found.pValue,
                               permutations: found.permutations,
                               before: .init(start: runBoundaries[i], count: beforeValues.count,
                                             median: Quantile.of(beforeValues, 0.5)),
                               after: .init(start: found.index, count: afterValues.count,
                                            median: Quantile.of(afterValues, 0.5)),
                               shift: ShiftEstimate(before: beforeValues, after: afterValues,
                                                    confidence: settings.confidence),
                               blockSize: block > 1 ? block : nil)
        }
    }

    /// Medians (type 7) of consecutive blocks of exactly `size` values, the newest last; the
    /// oldest count mod size values, fewer than a block, are left out (a shorter block's median
    /// would vary more, and the permutation test needs exchangeable points).
    static func blockMedians(_ series: [Double], size: Int) -> [Double] {
        stride(from: series.count % size, to: series.count, by: size).map { start in
            Quantile.of(Array(series[start..<(start + size)]), 0.5)
        }
    }

    /// The run index in `segment` with the largest Q̂ of the segment's values, among splits within
    /// `block` runs of `edge` that leave `minimumSegment` runs on each side.
    func refine(_ series: [Double], segment: Range<Int>, near edge: Int, block: Int) -> Int {
        let minimum = Swift.max(2, settings.minimumSegment)
        let low = Swift.max(edge - block, segment.lowerBound + minimum) - segment.lowerBound
        let high = Swift.min(edge + block, segment.upperBound - minimum) - segment.lowerBound
        guard low <= high else { return edge }
        let statistics = series.withUnsafeBufferPointer {
            EDivisive.statistics(UnsafeBufferPointer(rebasing: $0[segment]), splits: low...high)
        }
        let best = statistics.indices.max { statistics[$0] < statistics[$1] }!
        return segment.lowerBound + low + best
    }

    /// The split with the largest Q̂ over the segments between consecutive `boundaries`.
    func bestCandidate(_ series: [Double], boundaries: [Int]) -> (index: Int, statistic: Double)? {
        var best: (index: Int, statistic: Double)?
        series.withUnsafeBufferPointer { all in
            for (start, end) in zip(boundaries, boundaries.dropFirst()) {
                let segment = UnsafeBufferPointer(rebasing: all[start..<end])
                guard let split = EDivisive.bestSplit(segment, minimumSize: settings.minimumSegment) else { continue }
                if best == nil || split.statistic > best!.statistic { best = (start + split.index, split.statistic) }
            }
        }
        return best
    }

    /// The permutation p-value of `observed` and the permutations drawn.
    func permutationTest(_ series: [Double], boundaries: [Int], observed: Double,
                         generator: inout SeededGenerator) -> (pValue: Double, drawn: Int) {
        let permutations = settings.permutations
        // p = (1 + b) / (1 + R) ≤ level exactly when b ≤ level·(1 + R) − 1.
        let allowed = settings.seriesLevel * Double(permutations + 1) - 1
        // Floating-point sums of the same values in another order may differ in the last bits.
        let threshold = observed - 1e-12 * Swift.max(1, abs(observed))
        var scratch = series
        var exceedances = 0
        var drawn = 0
        scratch.withUnsafeMutableBufferPointer { buffer in
            while drawn < permutations {
                var largest = -Double.infinity
                for (start, end) in zip(boundaries, boundaries.dropFirst()) {
                    // Shuffling a shuffled segment again still gives a uniform permutation.
                    let count = end - start
                    if count > 1 {
                        for i in stride(from: count - 1, to: 0, by: -1) {
                            buffer.swapAt(start + i, start + generator.index(below: i + 1))
                        }
                    }
                    let segment = UnsafeBufferPointer(rebasing: buffer[start..<end])
                    if let split = EDivisive.bestSplit(segment, minimumSize: settings.minimumSegment) {
                        largest = Swift.max(largest, split.statistic)
                    }
                }
                drawn += 1
                if largest >= threshold {
                    exceedances += 1
                    if Double(exceedances) > allowed { break }
                }
            }
        }
        return (Double(1 + exceedances) / Double(1 + drawn), drawn)
    }
}

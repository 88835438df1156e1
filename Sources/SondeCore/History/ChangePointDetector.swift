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
        var generator = SeededGenerator(seed: settings.seed, stream: stream)
        var boundaries = [0, series.count]
        var accepted: [(index: Int, statistic: Double, pValue: Double, permutations: Int)] = []
        while true {
            guard let candidate = bestCandidate(series, boundaries: boundaries) else { break }
            let (pValue, drawn) = permutationTest(series, boundaries: boundaries, observed: candidate.statistic,
                                                  generator: &generator)
            guard pValue <= settings.seriesLevel else { break }
            accepted.append((candidate.index, candidate.statistic, pValue, drawn))
            boundaries.append(candidate.index)
            boundaries.sort()
        }
        return accepted.sorted { $0.index < $1.index }.map { found in
            let at = boundaries.firstIndex(of: found.index)!
            let beforeValues = Array(series[boundaries[at - 1]..<found.index])
            let afterValues = Array(series[found.index..<boundaries[at + 1]])
            return ChangePoint(index: found.index, statistic: found.statistic, pValue: found.pValue,
                               permutations: found.permutations,
                               before: .init(start: boundaries[at - 1], count: beforeValues.count,
                                             median: Quantile.of(beforeValues, 0.5)),
                               after: .init(start: found.index, count: afterValues.count,
                                            median: Quantile.of(afterValues, 0.5)),
                               shift: ShiftEstimate(before: beforeValues, after: afterValues,
                                                    confidence: settings.confidence))
        }
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

/// The Brown–Forsythe test for equal spread (Brown & Forsythe 1974): Levene's (1960) one-way
/// ANOVA on absolute deviations from each group's median, robust to skewed latency data.
/// Agrees with `scipy.stats.levene(*groups, center='median')`.
public struct BrownForsythe {
    /// The W statistic, distributed F(k − 1, N − k) under equal spread, and its upper-tail
    /// p-value (F survival via `IncompleteBeta`).
    ///
    /// - Precondition: at least two groups, each non-empty, with N > k.
    public static func test(_ groups: [[Double]]) -> (statistic: Double, pValue: Double) {
        precondition(groups.count >= 2, "Brown–Forsythe needs at least two groups")
        precondition(groups.allSatisfy { !$0.isEmpty }, "Brown–Forsythe needs non-empty groups")
        // Each median by selection in one scratch buffer (the type-7 value a sort gives).
        var scratch = [Double](repeating: 0, count: groups.map(\.count).max()!)
        let medians = groups.map { values in
            scratch.withUnsafeMutableBufferPointer { buf -> Double in
                let z = UnsafeMutableBufferPointer(rebasing: buf[0..<values.count])
                _ = z.initialize(from: values)
                return Selection.median(z)
            }
        }
        scratch = []
        return test(pieces: groups.map { [$0] }, medians: medians)
    }

    /// `test` of groups each given as consecutive pieces (e.g. the providers of a pooled DePIN
    /// group, in order) with each group's type-7 median already known (e.g. from the sorted
    /// values a bootstrap side keeps): the same sums in the same order as `test` over the
    /// concatenated groups, so the same statistic to the last bit, without a concatenated copy
    /// or a scratch copy for the median (issue 17: 24 MB each for a 3M-value DePIN group).
    ///
    /// - Precondition: at least two groups, each non-empty, with N > k; one median per group.
    static func test(pieces groups: [[[Double]]], medians: [Double]) -> (statistic: Double, pValue: Double) {
        let k = groups.count
        precondition(k >= 2, "Brown–Forsythe needs at least two groups")
        precondition(medians.count == k, "One median per group")
        let counts = groups.map { pieces in pieces.reduce(0) { $0 + $1.count } }
        precondition(!counts.contains(0), "Brown–Forsythe needs non-empty groups")
        let total = counts.reduce(0, +)
        precondition(total > k, "Brown–Forsythe needs more values than groups")
        var groupMeans = [Double](repeating: 0, count: k)
        var within = 0.0
        var grand = 0.0
        for (g, pieces) in groups.enumerated() {
            let n = counts[g], median = medians[g]
            var sum = 0.0
            for piece in pieces {
                for v in piece { sum += abs(v - median) }
            }
            let mean = sum / Double(n)
            var ss = 0.0
            for piece in pieces {
                for v in piece {
                    let d = abs(v - median) - mean
                    ss += d * d
                }
            }
            groupMeans[g] = mean
            within += ss
            grand += mean * Double(n)
        }
        grand /= Double(total)
        var between = 0.0
        for g in 0..<k {
            let d = groupMeans[g] - grand
            between += Double(counts[g]) * d * d
        }
        let d1 = Double(k - 1), d2 = Double(total - k)
        let w = (d2 * between) / (d1 * within)
        if w.isNaN { return (w, .nan) }
        return (w, IncompleteBeta.fSurvival(w, d1: d1, d2: d2))
    }
}

/// The Brown–Forsythe test for equal spread (Brown & Forsythe 1974): Levene's (1960) one-way
/// ANOVA on absolute deviations from each group's median, robust to skewed latency data.
/// Agrees with `scipy.stats.levene(*groups, center='median')`.
public struct BrownForsythe {
    /// The W statistic, distributed F(k − 1, N − k) under equal spread, and its upper-tail
    /// p-value (F survival via `IncompleteBeta`).
    ///
    /// - Precondition: at least two groups, each non-empty, with N > k.
    public static func test(_ groups: [[Double]]) -> (statistic: Double, pValue: Double) {
        let k = groups.count
        precondition(k >= 2, "Brown–Forsythe needs at least two groups")
        precondition(groups.allSatisfy { !$0.isEmpty }, "Brown–Forsythe needs non-empty groups")
        let total = groups.reduce(0) { $0 + $1.count }
        precondition(total > k, "Brown–Forsythe needs more values than groups")
        var scratch = [Double](repeating: 0, count: groups.map(\.count).max()!)
        var groupMeans = [Double](repeating: 0, count: k)
        var within = 0.0
        var grand = 0.0
        for (g, values) in groups.enumerated() {
            let n = values.count
            let (mean, ss) = scratch.withUnsafeMutableBufferPointer { buf -> (Double, Double) in
                let z = UnsafeMutableBufferPointer(rebasing: buf[0..<n])
                _ = z.initialize(from: values)
                let median = Selection.median(z)
                var sum = 0.0
                for v in values { sum += abs(v - median) }
                let mean = sum / Double(n)
                var ss = 0.0
                for v in values {
                    let d = abs(v - median) - mean
                    ss += d * d
                }
                return (mean, ss)
            }
            groupMeans[g] = mean
            within += ss
            grand += mean * Double(n)
        }
        grand /= Double(total)
        var between = 0.0
        for (g, values) in groups.enumerated() {
            let d = groupMeans[g] - grand
            between += Double(values.count) * d * d
        }
        let d1 = Double(k - 1), d2 = Double(total - k)
        let w = (d2 * between) / (d1 * within)
        if w.isNaN { return (w, .nan) }
        return (w, IncompleteBeta.fSurvival(w, d1: d1, d2: d2))
    }
}

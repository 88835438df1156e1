/// The E-divisive divergence of Matteson & James (2014), "A nonparametric approach for multiple
/// change point analysis of multivariate data", JASA 109(505), §2, with exponent α = 1, for a
/// one-dimensional series.
///
/// For a split of a segment into a left part A (m values) and a right part B (k values):
///   ê = 2/(mk)·Σ|a−b| − C(m,2)⁻¹·Σᵢ<ⱼ|aᵢ−aⱼ| − C(k,2)⁻¹·Σᵢ<ⱼ|bᵢ−bⱼ|,   Q̂ = mk/(m+k)·ê,
/// the scaled energy distance between the parts. The best split maximises Q̂. As in the
/// signal-processing variant used by MongoDB's CI and Apache Otava, the right end of the split
/// is the segment's end (the paper also searches over an inner end κ; with segments bounded by
/// earlier change points the difference is small and the search is O(n²) instead of O(n³)).
public enum EDivisive {
    /// The best split of `values`: the index τ of the first value of the right part and its Q̂,
    /// over splits leaving at least `minimumSize` values on each side; `nil` when the segment is
    /// too short for any split.
    ///
    /// Within-part sums come from prefix sums of pairwise distances, so the whole search costs
    /// n(n − 1) distance evaluations.
    public static func bestSplit(_ values: UnsafeBufferPointer<Double>, minimumSize: Int) -> (index: Int, statistic: Double)? {
        let n = values.count
        let minimum = Swift.max(2, minimumSize)
        guard n >= 2 * minimum else { return nil }
        let sums = pairSums(values)
        var best: (index: Int, statistic: Double)?
        for t in minimum...(n - minimum) {
            let q = statistic(sums, n: n, split: t)
            if best == nil || q > best!.statistic { best = (t, q) }
        }
        return best
    }

    /// Q̂ of the split at each index of `splits` (the first value of the right part, leaving at
    /// least two values on each side), over the whole of `values`: what a coarse search refines
    /// its location with.
    public static func statistics(_ values: UnsafeBufferPointer<Double>, splits: ClosedRange<Int>) -> [Double] {
        precondition(splits.lowerBound >= 2 && splits.upperBound <= values.count - 2, "a split leaves two values on each side")
        let sums = pairSums(values)
        return splits.map { statistic(sums, n: values.count, split: $0) }
    }

    /// left[t]: Σ over pairs inside values[0..<t]; right[t]: Σ over pairs inside values[t..<n].
    /// This is the whole cost of a permutation (n² distances), so the sums run in four
    /// independent accumulators: a single one waits on each addition's latency (floating-point
    /// addition is not reassociated by the compiler), four keep the adder busy (~4× faster).
    private static func pairSums(_ values: UnsafeBufferPointer<Double>) -> (left: [Double], right: [Double]) {
        let n = values.count
        var left = [Double](repeating: 0, count: n + 1)
        var right = [Double](repeating: 0, count: n + 1)
        for t in 1..<n {
            left[t + 1] = left[t] + distances(values, from: 0, to: t, to: values[t])
        }
        for t in stride(from: n - 2, through: 0, by: -1) {
            right[t] = right[t + 1] + distances(values, from: t + 1, to: n, to: values[t])
        }
        return (left, right)
    }

    /// Σ |values[i] − v| over i in start..<end.
    @inline(__always)
    private static func distances(_ values: UnsafeBufferPointer<Double>, from start: Int, to end: Int, to v: Double) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = start
        while i + 4 <= end {
            s0 += abs(values[i] - v)
            s1 += abs(values[i + 1] - v)
            s2 += abs(values[i + 2] - v)
            s3 += abs(values[i + 3] - v)
            i += 4
        }
        while i < end {
            s0 += abs(values[i] - v)
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// Q̂ of the split at `t` from the pair sums (needs at least two values on each side).
    @inline(__always)
    private static func statistic(_ sums: (left: [Double], right: [Double]), n: Int, split t: Int) -> Double {
        let m = Double(t), k = Double(n - t)
        let total = sums.left[n]
        let cross = total - sums.left[t] - sums.right[t]
        let divergence = 2 * cross / (m * k) - 2 * sums.left[t] / (m * (m - 1)) - 2 * sums.right[t] / (k * (k - 1))
        return m * k / (m + k) * divergence
    }

    /// `bestSplit` on an array.
    public static func bestSplit(_ values: [Double], minimumSize: Int) -> (index: Int, statistic: Double)? {
        values.withUnsafeBufferPointer { bestSplit($0, minimumSize: minimumSize) }
    }
}

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
        // left[t]: Σ over pairs inside values[0..<t]; right[t]: Σ over pairs inside values[t..<n].
        var left = [Double](repeating: 0, count: n + 1)
        var right = [Double](repeating: 0, count: n + 1)
        for t in 1..<n {
            var sum = 0.0
            let v = values[t]
            for i in 0..<t { sum += abs(values[i] - v) }
            left[t + 1] = left[t] + sum
        }
        for t in stride(from: n - 2, through: 0, by: -1) {
            var sum = 0.0
            let v = values[t]
            for j in (t + 1)..<n { sum += abs(values[j] - v) }
            right[t] = right[t + 1] + sum
        }
        let total = left[n]
        var best: (index: Int, statistic: Double)?
        for t in minimum...(n - minimum) {
            let m = Double(t), k = Double(n - t)
            let cross = total - left[t] - right[t]
            let divergence = 2 * cross / (m * k) - 2 * left[t] / (m * (m - 1)) - 2 * right[t] / (k * (k - 1))
            let q = m * k / (m + k) * divergence
            if best == nil || q > best!.statistic { best = (t, q) }
        }
        return best
    }

    /// `bestSplit` on an array.
    public static func bestSplit(_ values: [Double], minimumSize: Int) -> (index: Int, statistic: Double)? {
        values.withUnsafeBufferPointer { bestSplit($0, minimumSize: minimumSize) }
    }
}

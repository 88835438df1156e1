/// The Mann–Whitney U test (Mann & Whitney 1947), two-sided, by the normal approximation with
/// the tie-corrected variance and a continuity correction. Agrees with
/// `scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method='asymptotic')`.
public enum MannWhitney {
    /// U for `x` (R₁ − n₁(n₁+1)/2 with mid-ranks for ties) and the two-sided p-value
    /// 2·P(Z ≥ (max(U₁, U₂) − n₁n₂/2 − ½)/σ), σ² = n₁n₂/12·((n+1) − Σ(t³ − t)/(n(n−1))).
    ///
    /// - Precondition: both samples non-empty and free of NaN.
    public static func test(_ x: [Double], _ y: [Double]) -> (u: Double, pValue: Double) {
        precondition(!x.isEmpty && !y.isEmpty, "Mann–Whitney needs two non-empty samples")
        return test(sortedX: x.sorted(), sortedY: y.sorted())
    }

    /// `test(_:_:)` on samples already sorted ascending (skips the sorts).
    public static func test(sortedX xs: [Double], sortedY ys: [Double]) -> (u: Double, pValue: Double) {
        precondition(!xs.isEmpty && !ys.isEmpty, "Mann–Whitney needs two non-empty samples")
        let n1 = xs.count, n2 = ys.count
        // Merge the sorted samples, ranking each run of equal values with its mid-rank.
        var i = 0, j = 0
        var rankBefore = 0.0
        var rankSumX = 0.0
        var tieTerm = 0.0
        while i < n1 || j < n2 {
            let v: Double
            if j == n2 || (i < n1 && xs[i] <= ys[j]) { v = xs[i] } else { v = ys[j] }
            var cx = 0, cy = 0
            while i < n1 && xs[i] == v { i += 1; cx += 1 }
            while j < n2 && ys[j] == v { j += 1; cy += 1 }
            let t = Double(cx + cy)
            rankSumX += Double(cx) * (rankBefore + (t + 1) / 2)
            tieTerm += t * t * t - t
            rankBefore += t
        }
        let dn1 = Double(n1), dn2 = Double(n2), n = dn1 + dn2
        let u1 = rankSumX - dn1 * (dn1 + 1) / 2
        let u2 = dn1 * dn2 - u1
        let mu = dn1 * dn2 / 2
        let sigma = (dn1 * dn2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))).squareRoot()
        let z = (Swift.max(u1, u2) - mu - 0.5) / sigma
        let p = 2 * NormalDistribution.sf(z)
        return (u1, Swift.min(Swift.max(p, 0), 1))
    }
}

/// A sample quantile with its distribution-free confidence interval from order statistics
/// (Conover 1999, "Practical Nonparametric Statistics", §3.2; Hahn & Meeker 1991, §5.2).
///
/// The number of values below the true p-quantile is Binomial(n, p), so with
/// r = F⁻¹(α/2) and s = F⁻¹(1 − α/2) + 1 (F the binomial CDF, F⁻¹ its smallest-k inverse as
/// scipy's `binom.ppf`), the 1-based order statistics X₍ᵣ₎ ≤ ξₚ ≤ X₍ₛ₎ hold with probability
/// F(s − 1) − F(r − 1) ≥ 1 − α whatever the distribution. An end falls outside the sample
/// (r = 0 or s > n) when n is too small for that confidence: it is then `nil`, unbounded.
public struct QuantileInterval: Sendable, Equatable, Codable {
    /// The probability, 0 < p < 1.
    public var p: Double
    /// The type-7 sample quantile (numpy's default).
    public var value: Double
    /// X₍ᵣ₎, or `nil` when r = 0.
    public var lower: Double?
    /// X₍ₛ₎, or `nil` when s > n.
    public var upper: Double?
    public var confidence: Double

    /// The `p`-quantile of `sorted` (ascending, non-empty) with its interval at `confidence`.
    public init(sorted: [Double], p: Double, confidence: Double) {
        precondition(!sorted.isEmpty && p > 0 && p < 1 && confidence > 0 && confidence < 1)
        let n = sorted.count
        let alpha = 1 - confidence
        let r = Self.binomialQuantile(alpha / 2, n: n, p: p)
        let s = Self.binomialQuantile(1 - alpha / 2, n: n, p: p) + 1
        self.p = p
        self.value = Quantile.ofSorted(sorted, p)
        self.lower = r >= 1 ? sorted[r - 1] : nil
        self.upper = s <= n ? sorted[s - 1] : nil
        self.confidence = confidence
    }

    init(p: Double, value: Double, lower: Double?, upper: Double?, confidence: Double) {
        self.p = p
        self.value = value
        self.lower = lower
        self.upper = upper
        self.confidence = confidence
    }

    /// The intervals of `values` (non-empty, any order) at each of `ps`: the same as
    /// `init(sorted:p:confidence:)` on the sorted values, found by selection
    /// (`OrderStatistics`) instead of a sort. `values` is reordered.
    public static func selecting(_ values: inout [Double], ps: [Double], confidence: Double) -> [QuantileInterval] {
        precondition(!values.isEmpty && confidence > 0 && confidence < 1)
        let n = values.count
        let alpha = 1 - confidence
        let plans = ps.map { (p: Double) -> (p: Double, lo: Int, weight: Double, r: Int, s: Int) in
            precondition(p > 0 && p < 1)
            let (lo, weight) = Quantile.position(count: n, p)
            let r = binomialQuantile(alpha / 2, n: n, p: p)
            let s = binomialQuantile(1 - alpha / 2, n: n, p: p) + 1
            return (p, lo, weight, r, s)
        }
        // Per p: the two order statistics of the value, then X₍ᵣ₎ and X₍ₛ₎ (clamped; unused when outside).
        var ranks: [Int] = []
        for plan in plans {
            let above = Swift.min(plan.lo + 1, n - 1)
            let lower = Swift.min(Swift.max(plan.r, 1), n) - 1
            let upper = Swift.min(plan.s, n) - 1
            ranks += [plan.lo, above, lower, upper]
        }
        let picked = OrderStatistics.select(&values, ranks: ranks)
        var intervals: [QuantileInterval] = []
        for (i, plan) in plans.enumerated() {
            let value = Quantile.interpolate(picked[4 * i], picked[4 * i + 1], plan.weight)
            let lower: Double? = plan.r >= 1 ? picked[4 * i + 2] : nil
            let upper: Double? = plan.s <= n ? picked[4 * i + 3] : nil
            intervals.append(QuantileInterval(p: plan.p, value: value, lower: lower, upper: upper, confidence: confidence))
        }
        return intervals
    }

    /// The `p`-quantile of the values in `histogram` (non-empty) with its interval at
    /// `confidence`: the same ranks as from sorted values, each value read from the histogram,
    /// so within its precision (HDR, three significant digits: 0.1%) of the exact order statistic.
    public init(histogram: LatencyHistogram, p: Double, confidence: Double) {
        precondition(histogram.count > 0 && p > 0 && p < 1 && confidence > 0 && confidence < 1)
        let n = histogram.count
        let alpha = 1 - confidence
        let r = Self.binomialQuantile(alpha / 2, n: n, p: p)
        let s = Self.binomialQuantile(1 - alpha / 2, n: n, p: p) + 1
        // Type 7: h = (n − 1)p, between the order statistics of 1-based ranks ⌊h⌋ + 1 and ⌊h⌋ + 2.
        let h = Double(n - 1) * p
        let low = Int(h.rounded(.down))
        let values = histogram.values(atRanks: [low + 1, Swift.min(low + 2, n), r, s])
        let below = values[0]!, above = values[1]!
        self.p = p
        self.value = below + (h - Double(low)) * (above - below)
        self.lower = r >= 1 ? values[2] : nil
        self.upper = s <= n ? values[3] : nil
        self.confidence = confidence
    }

    /// P(Y ≤ k) for Y ~ Binomial(n, p): I₁₋ₚ(n − k, k + 1) (Abramowitz & Stegun 26.5.24).
    public static func binomialCDF(_ k: Int, n: Int, p: Double) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        return IncompleteBeta.regularized(1 - p, complement: p, a: Double(n - k), b: Double(k + 1))
    }

    /// The smallest k with P(Y ≤ k) ≥ q, by bisection over 0...n (O(log n) evaluations, so a
    /// bucket of millions of values costs a few dozen incomplete-beta calls). A relative slack of
    /// 1e-12 on q absorbs rounding in the CDF, as scipy's `binom.ppf` does.
    public static func binomialQuantile(_ q: Double, n: Int, p: Double) -> Int {
        let target = q * (1 - 1e-12)
        var low = 0, high = n
        while low < high {
            let mid = (low + high) / 2
            if binomialCDF(mid, n: n, p: p) >= target { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

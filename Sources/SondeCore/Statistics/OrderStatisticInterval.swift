/// A distribution-free confidence interval for a quantile from order statistics (Conover,
/// *Practical Nonparametric Statistics*, 3rd ed., 1999, §3.2; Hahn & Meeker 1991, §5.2): the number
/// of sorted values below the true p-quantile is Binomial(n, p), so the interval
/// [x₍ₗ₎, x₍ᵤ₎] covers it with probability B(u−1) − B(l−1), B the binomial CDF. The tails are
/// equal: l is the largest rank with B(l−1) ≤ α/2 and u the smallest with B(u−1) ≥ 1 − α/2,
/// clamped to [1, n]; when n is too small for the level (e.g. p99 of 20 values) the clamped
/// interval covers less than asked, and `coverage` says how much.
public struct OrderStatisticInterval: Sendable, Equatable {
    /// 1-based rank of the lower bound among the sorted values.
    public var lowerRank: Int
    /// 1-based rank of the upper bound among the sorted values.
    public var upperRank: Int
    /// The exact probability that [x₍ₗ₎, x₍ᵤ₎] covers the quantile (continuous distribution).
    public var coverage: Double

    /// The ranks for the `p`-quantile of `n` values at `confidence` (two-sided); nil when `n` is 0.
    public init?(count n: Int, p: Double, confidence: Double = 0.95) {
        guard n > 0, p > 0, p < 1 else { return nil }
        let tail = (1 - confidence) / 2
        // B(k) = P(Binomial(n, p) ≤ k) = I_{1−p}(n − k, k + 1).
        func cdf(_ k: Int) -> Double {
            if k < 0 { return 0 }
            if k >= n { return 1 }
            return IncompleteBeta.regularized(1 - p, complement: p, a: Double(n - k), b: Double(k + 1))
        }
        // B is increasing in k: binary searches for the last k with B(k) ≤ tail and the first with B(k) ≥ 1 − tail.
        var low = -1, high = n  // invariant: cdf(low) ≤ tail (cdf(-1) = 0), cdf(high) > tail
        while high - low > 1 {
            let mid = (low + high) / 2
            if cdf(mid) <= tail { low = mid } else { high = mid }
        }
        lowerRank = max(1, low + 1)
        var below = -1, above = n  // invariant: cdf(below) < 1 − tail, cdf(above) ≥ 1 − tail (cdf(n) = 1)
        while above - below > 1 {
            let mid = (below + above) / 2
            if cdf(mid) >= 1 - tail { above = mid } else { below = mid }
        }
        upperRank = min(n, above + 1)
        coverage = cdf(upperRank - 1) - cdf(lowerRank - 1)
    }

    /// The bounds among `sorted` (ascending, `sorted.count` being the `count` the ranks were made for).
    public func bounds(_ sorted: [Double]) -> (lower: Double, upper: Double) {
        (sorted[lowerRank - 1], sorted[upperRank - 1])
    }
}

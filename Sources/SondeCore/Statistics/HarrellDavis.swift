/// The Harrell & Davis (1982) quantile estimator: a weighted sum of all order statistics,
/// Q̂(p) = Σᵢ Wᵢ x₍ᵢ₎ with Wᵢ = I_{i/n}(a, b) − I_{(i−1)/n}(a, b), a = p(n + 1), b = (1 − p)(n + 1),
/// i.e. the bootstrap expectation of the ((n + 1)p)-th order statistic. Smoother and, for
/// continuous latencies, more efficient than a single order statistic, most in the tails;
/// agrees with `scipy.stats.mstats.hdquantiles`.
public struct HarrellDavis: Sendable {
    /// The probability estimated.
    public let p: Double
    /// Cumulative weights: `cumulative[k]` = I_{k/n}(a, b), k = 0…n.
    let cumulative: [Double]

    /// Weights for quantile `p` of `n` values.
    ///
    /// - Precondition: `n ≥ 1`, `0 < p < 1`.
    public init(p: Double, count n: Int) {
        precondition(n >= 1, "Harrell–Davis needs at least one value")
        precondition(p > 0 && p < 1, "Harrell–Davis needs 0 < p < 1")
        self.p = p
        let a = p * Double(n + 1), b = (1 - p) * Double(n + 1)
        var w = [Double](repeating: 0, count: n + 1)
        for k in 0...n {
            // k/n and its complement exactly, so weights at the top end do not lose digits.
            w[k] = IncompleteBeta.regularized(Double(k) / Double(n), complement: Double(n - k) / Double(n), a: a, b: b)
        }
        cumulative = w
    }

    /// Number of values the weights are for.
    public var count: Int { cumulative.count - 1 }

    /// The estimate from values sorted ascending.
    ///
    /// - Precondition: `sorted.count == count`.
    public func estimate(sorted: [Double]) -> Double {
        precondition(sorted.count == count, "Harrell–Davis weights are for \(count) values")
        var s = 0.0
        for i in 0..<sorted.count { s += sorted[i] * (cumulative[i + 1] - cumulative[i]) }
        return s
    }

    /// The estimate on a resample given as multiplicities `counts` of `sorted` values
    /// (total `count`): value j fills ranks k..<k + cⱼ and so gets weight W(k + cⱼ) − W(k).
    func estimate(sorted: UnsafeBufferPointer<Double>, counts: UnsafeBufferPointer<UInt8>) -> Double {
        var s = 0.0, k = 0
        for j in 0..<sorted.count {
            let c = Int(counts[j])
            if c > 0 {
                s += sorted[j] * (cumulative[k + c] - cumulative[k])
                k += c
            }
        }
        return s
    }

    /// The Harrell–Davis estimate of quantile `p` of unsorted `values`.
    public static func quantile(_ values: [Double], _ p: Double) -> Double {
        HarrellDavis(p: p, count: values.count).estimate(sorted: values.sorted())
    }
}

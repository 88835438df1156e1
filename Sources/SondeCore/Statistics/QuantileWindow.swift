/// The Harrell–Davis estimator (`HarrellDavis`) restricted to the ranks that carry its weight,
/// and iid bootstrap resamples drawn only there: what makes a gate's quantile rule on a million
/// values a side cost thousands of operations per resample instead of millions.
///
/// The weights Wᵢ = I_{i/n}(a, b) − I_{(i−1)/n}(a, b) are a Beta(p(n+1), (1−p)(n+1)) law over
/// ranks, whose standard deviation is √(p(1−p)/(n+2)); beyond 12 of them on either side the
/// cumulative weight is below 1e-20 (checked when the window is made), so ranks outside
/// `first...last` are given weight exactly 0.
///
/// A resample in the multinomial view (counts cⱼ over the sorted values, `CountResampler`) is
/// drawn in three exact steps: A = #draws below sorted index `low` ~ Binomial(n, low/n); M =
/// #draws in `low..<high` ~ Binomial(n − A, (high − low)/(n − low)); the M draws spread uniformly
/// over the window. Values below the window then hold ranks 1…A and values above it ranks
/// A+M+1…n, so when A ≤ `first` and A + M ≥ `last` none of them carries weight and the estimate
/// is the sum over the window alone. The window reaches 10 standard deviations of A beyond the
/// weights on each side, so a draw that misses (probability below 1e-22) is simply redrawn.
struct QuantileWindow: Sendable {
    /// The probability estimated.
    let p: Double
    /// Number of values.
    let count: Int
    /// Ranks whose cumulative weight is kept: W(k) = 0 for k < first, 1 for k > last.
    let first: Int
    let last: Int
    /// W(first…last).
    let cumulative: [Double]
    /// Sorted indices a resample is drawn in.
    let low: Int
    let high: Int

    /// Standard deviations of the Beta weight law kept on each side.
    static let weightReach = 12.0
    /// Standard deviations of the count below (or above) the window between it and the weights.
    static let drawReach = 10.0

    /// Fewer values a side than this keep the full resampling, so that runs of today's sizes
    /// (the n = 1,000 simulations, golden reports) give bit-identical p-values and intervals.
    static let minimumCount = 10_000

    /// The window for quantile `p` of `n` values, or nil below `minimumCount` values or when it
    /// would not be narrower than a quarter of the values (the full resampling is then as cheap).
    init?(p: Double, count n: Int) {
        guard n >= Self.minimumCount, p > 0, p < 1 else { return nil }
        let nd = Double(n)
        let sd = (p * (1 - p) / (nd + 2)).squareRoot()
        let first = Swift.max(0, Int(((p - Self.weightReach * sd) * nd).rounded(.down)))
        let last = Swift.min(n, Int(((p + Self.weightReach * sd) * nd).rounded(.up)))
        let a = p * (nd + 1), b = (1 - p) * (nd + 1)
        var cumulative = [Double](repeating: 0, count: last - first + 1)
        for k in first...last {
            cumulative[k - first] = IncompleteBeta.regularized(Double(k) / nd, complement: Double(n - k) / nd, a: a, b: b)
        }
        // The truncation must be invisible: no more than 1e-20 of the weight outside.
        guard cumulative[0] <= 1e-20, 1 - cumulative[cumulative.count - 1] <= 1e-20 else { return nil }
        let gap = Self.gap(p: p, count: n)
        let low = Swift.max(0, first - gap), high = Swift.min(n, last + gap)
        guard high - low <= n / 4 else { return nil }
        self.p = p
        count = n
        self.first = first
        self.last = last
        self.cumulative = cumulative
        self.low = low
        self.high = high
    }

    /// Ranks between the weights and the window's edge: `drawReach` standard deviations of the
    /// number of draws below (or above) it, √(n p (1 − p)) at most.
    static func gap(p: Double, count n: Int) -> Int {
        Int((drawReach * (Double(n) * p * (1 - p)).squareRoot()).rounded(.up)) + 16
    }

    /// Cumulative weight of the lowest `k` ranks.
    @inline(__always)
    func weight(_ k: Int) -> Double {
        k < first ? 0 : k > last ? 1 : cumulative[k - first]
    }

    /// The Harrell–Davis estimate from all `sorted` values (ascending, `count` of them).
    func estimate(sorted: [Double]) -> Double {
        precondition(sorted.count == count, "Harrell–Davis weights are for \(count) values")
        var s = 0.0
        for i in Swift.max(0, first - 1)..<Swift.min(count, last + 1) {
            s += sorted[i] * (weight(i + 1) - weight(i))
        }
        return s
    }

    /// The estimate of one iid bootstrap resample of `sorted`; `counts` is scratch space of at
    /// least `high − low` elements.
    func resample(sorted: UnsafeBufferPointer<Double>, counts: UnsafeMutableBufferPointer<Int32>,
                  _ rng: inout SeededGenerator) -> Double {
        let n = count, width = high - low
        while true {
            let below = low > 0 ? DiscreteSampler.binomial(n, Double(low) / Double(n), &rng) : 0
            let inside = high < n ? DiscreteSampler.binomial(n - below, Double(width) / Double(n - low), &rng) : n - below
            guard below <= first, below + inside >= last else { continue }
            for j in 0..<width { counts[j] = 0 }
            for _ in 0..<inside { counts[rng.index(below: width)] += 1 }
            var s = 0.0, k = below
            for j in 0..<width where counts[j] > 0 {
                let next = k + Int(counts[j])
                s += sorted[low + j] * (weight(next) - weight(k))
                k = next
            }
            return s
        }
    }
}

/// The spread measures sonde compares between providers, for one sample: variance (n − 1),
/// interquartile range and unscaled MAD (type-7 quantiles), and the tail spread p99/p50.
public struct SpreadStatistics: Sendable, Codable, Equatable {
    /// Sample variance with the n − 1 denominator (0 for one value).
    public var variance: Double
    /// p75 − p25.
    public var iqr: Double
    /// Unscaled median absolute deviation from the median.
    public var mad: Double
    /// p99 / p50: how far the tail reaches relative to the typical value.
    public var tailSpread: Double

    /// The spread measures of `values`; nil when empty.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        var resampler = CountResampler(groups: [values])
        resampler.setObserved()
        self = SpreadStatistics(resampler)
    }

    init(variance: Double, iqr: Double, mad: Double, tailSpread: Double) {
        self.variance = variance
        self.iqr = iqr
        self.mad = mad
        self.tailSpread = tailSpread
    }

    /// The statistics of the resample that `resampler.counts` currently describes.
    init(_ resampler: CountResampler) {
        self = resampler.sorted.withUnsafeBufferPointer { x in
            resampler.counts.withUnsafeBufferPointer { c in
                SpreadStatistics.scan(sorted: x, counts: c)
            }
        }
    }

    /// One pass over sorted values with multiplicities for the moments and quantiles, then a
    /// walk outward from the median for the MAD (deviations from the median are already
    /// ordered on each side of it).
    static func scan(sorted x: UnsafeBufferPointer<Double>, counts c: UnsafeBufferPointer<UInt8>) -> SpreadStatistics {
        let n = x.count
        var total = 0
        for v in c { total &+= Int(v) }
        let ps = (q25: Quantile.position(count: total, 0.25), q50: Quantile.position(count: total, 0.5),
                  q75: Quantile.position(count: total, 0.75), q99: Quantile.position(count: total, 0.99))
        // Order statistics wanted (0-based ranks in the resample); slots are visited in rank
        // order, which differs from slot order for tiny samples (e.g. p75 + 1 > p99 at n = 5).
        var slots = (ps.q25.index, ps.q25.index + 1, ps.q50.index, ps.q50.index + 1,
                     ps.q75.index, ps.q75.index + 1, ps.q99.index, ps.q99.index + 1)
        var found = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        var foundAt = (0, 0, 0, 0, 0, 0, 0, 0)
        // Shifting by a value near the centre keeps the sum of squares accurate.
        let shift = x[n / 2]
        var s1 = 0.0, s2 = 0.0
        withUnsafeMutableBytes(of: &slots) { slotBytes in
            let rank = slotBytes.bindMemory(to: Int.self)
            for j in 0..<8 { rank[j] = Swift.min(rank[j], total - 1) }
            withUnsafeMutableBytes(of: &found) { fb in
                withUnsafeMutableBytes(of: &foundAt) { ab in
                    let value = fb.bindMemory(to: Double.self), at = ab.bindMemory(to: Int.self)
                    // order[j]: the slot with the j-th smallest rank (insertion sort of 8).
                    var order = (0, 1, 2, 3, 4, 5, 6, 7)
                    withUnsafeMutableBytes(of: &order) { ob in
                        let order = ob.bindMemory(to: Int.self)
                        for j in 1..<8 {
                            var m = j
                            while m > 0 && rank[order[m - 1]] > rank[order[m]] {
                                order.swapAt(m - 1, m)
                                m -= 1
                            }
                        }
                        var cum = 0
                        var t = 0
                        var next = rank[order[0]]
                        for i in 0..<n {
                            let k = Int(c[i])
                            let w = Double(k)
                            let d = x[i] - shift
                            s1 += w * d
                            s2 += w * d * d
                            cum &+= k
                            if next < cum {
                                while t < 8 && rank[order[t]] < cum {
                                    value[order[t]] = x[i]
                                    at[order[t]] = i
                                    t += 1
                                }
                                next = t < 8 ? rank[order[t]] : Int.max
                            }
                        }
                    }
                }
            }
        }
        let nd = Double(total)
        let variance = total > 1 ? Swift.max(0, (s2 - s1 * s1 / nd) / (nd - 1)) : 0
        let q25 = Quantile.interpolate(found.0, found.1, ps.q25.weight)
        let q50 = Quantile.interpolate(found.2, found.3, ps.q50.weight)
        let q75 = Quantile.interpolate(found.4, found.5, ps.q75.weight)
        let q99 = Quantile.interpolate(found.6, found.7, ps.q99.weight)
        let mad = medianDeviation(sorted: x, counts: c, total: total, median: q50, below: foundAt.2)
        return SpreadStatistics(variance: variance, iqr: q75 - q25, mad: mad, tailSpread: q99 / q50)
    }

    /// Median of |x − median| over the resample: merges the left side (walking down from the
    /// median's lower order statistic) and the right side (walking up) by distance.
    static func medianDeviation(sorted x: UnsafeBufferPointer<Double>, counts c: UnsafeBufferPointer<UInt8>,
                                total: Int, median m: Double, below: Int) -> Double {
        let (k, w) = Quantile.position(count: total, 0.5)
        let want = Swift.min(k + 1, total - 1)
        var left = below, right = below + 1
        var cum = 0
        var lowValue = 0.0
        var haveLow = false
        while true {
            let dl = left >= 0 ? m - x[left] : Double.infinity
            let dr = right < x.count ? x[right] - m : Double.infinity
            let takeLeft = dl <= dr
            let d = takeLeft ? dl : dr
            let kk = Int(takeLeft ? c[left] : c[right])
            if takeLeft { left -= 1 } else { right += 1 }
            guard kk > 0 else { continue }
            cum += kk
            if !haveLow && k < cum {
                lowValue = d
                haveLow = true
            }
            if want < cum {
                return Quantile.interpolate(lowValue, d, w)
            }
        }
    }
}

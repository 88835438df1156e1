/// The median absolute deviation from the median of a resample given as multiplicities over
/// sorted values, found by binary search instead of a sort: the number of resample values
/// within distance d of the median is a suffix of the values at or below it plus a prefix of
/// those above it, each counted in O(log n + block) from per-block prefix counts.
struct MedianDeviation {
    let x: UnsafeBufferPointer<Double>
    let c: UnsafeBufferPointer<UInt8>
    let prefix: UnsafeBufferPointer<Int32>
    let m: Double
    /// Index of the median's lower order statistic: x[0...split] ≤ m; values with a non-zero
    /// count after it are ≥ m.
    let split: Int

    init(sorted x: UnsafeBufferPointer<Double>, counts c: UnsafeBufferPointer<UInt8>,
         blockPrefix: UnsafeBufferPointer<Int32>, median m: Double, split: Int) {
        self.x = x
        self.c = c
        self.prefix = blockPrefix
        self.m = m
        self.split = split
    }

    /// Type-7 median of the |x − m| of the resample (`total` values).
    func value(total: Int) -> Double {
        let (k, w) = Quantile.position(count: total, 0.5)
        let low = orderStatistic(k)
        guard w > 0, k + 1 < total else { return low }
        return Quantile.interpolate(low, orderStatistic(k + 1), w)
    }

    /// Resample values before index `i`.
    @inline(__always)
    func countBefore(_ i: Int) -> Int {
        let b = i / SpreadStatistics.block
        var s = Int(prefix[b])
        var j = b * SpreadStatistics.block
        while j < i { s &+= Int(c[j]); j += 1 }
        return s
    }

    /// Resample values with |x − m| ≤ d (deviations computed as m − x below and x − m above,
    /// exactly as the candidates are, so rounding cannot reorder them).
    func within(_ d: Double) -> Int {
        // First i in [0, split] with m − x[i] ≤ d.
        var lo = 0, hi = split + 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if m - x[mid] <= d { hi = mid } else { lo = mid + 1 }
        }
        let leftStart = lo
        // First i in [split + 1, n) with x[i] − m > d.
        lo = split + 1
        hi = x.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if x[mid] - m > d { hi = mid } else { lo = mid + 1 }
        }
        return countBefore(lo) - countBefore(leftStart)
    }

    /// The r-th smallest deviation (0-based): the smallest candidate deviation d with at
    /// least r + 1 values within d. Candidates are searched on each side of the median.
    func orderStatistic(_ r: Int) -> Double {
        var best = Double.infinity
        // Left: deviation m − x[i] grows as i falls; want the largest i with within ≥ r + 1.
        var lo = 0, hi = split
        if within(m - x[0]) >= r + 1 {
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if within(m - x[mid]) >= r + 1 { lo = mid } else { hi = mid - 1 }
            }
            best = m - x[lo]
        }
        // Right: deviation x[i] − m grows with i; want the smallest i with within ≥ r + 1.
        if split + 1 < x.count, within(x[x.count - 1] - m) >= r + 1 {
            lo = split + 1
            hi = x.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if within(x[mid] - m) >= r + 1 { hi = mid } else { lo = mid + 1 }
            }
            best = Swift.min(best, x[lo] - m)
        }
        return best
    }
}

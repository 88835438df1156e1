#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Summary statistics of one sample, following sonde's statistics conventions.
///
/// Quantiles are Hyndman & Fan (1996) type 7 (numpy's default); the standard deviation uses
/// the `n − 1` (Bessel) denominator; `mad` is the unscaled median absolute deviation from the
/// median (Hampel 1974), i.e. multiply by 1.4826 for a normal-consistent scale.
public struct Descriptive: Sendable, Equatable, Codable {
    /// Number of values.
    public var count: Int
    /// Arithmetic mean.
    public var mean: Double
    /// Sample standard deviation with the `n − 1` denominator; 0 when `count == 1`.
    public var standardDeviation: Double
    /// `standardDeviation / mean`; 0 when both are 0 and `.infinity` when only the mean is 0.
    public var coefficientOfVariation: Double
    /// Smallest value.
    public var min: Double
    /// Largest value.
    public var max: Double
    /// 25th percentile (type 7).
    public var p25: Double
    /// Median (type 7).
    public var p50: Double
    /// 75th percentile (type 7).
    public var p75: Double
    /// 90th percentile (type 7).
    public var p90: Double
    /// 99th percentile (type 7).
    public var p99: Double
    /// 99.9th percentile (type 7).
    public var p999: Double
    /// Interquartile range, `p75 − p25`.
    public var iqr: Double
    /// Unscaled median absolute deviation from the median.
    public var mad: Double

    /// Summarises `values`; nil when `values` is empty.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let n = sorted.count
        count = n
        // Two-pass mean and variance: stable for latencies with a large common offset.
        var sum = 0.0
        for v in sorted { sum += v }
        let m = sum / Double(n)
        var ss = 0.0
        var s = 0.0
        for v in sorted {
            let d = v - m
            s += d
            ss += d * d
        }
        mean = m
        standardDeviation = n > 1 ? ((ss - s * s / Double(n)) / Double(n - 1)).squareRoot() : 0
        if m != 0 {
            coefficientOfVariation = standardDeviation / m
        } else {
            coefficientOfVariation = standardDeviation == 0 ? 0 : .infinity
        }
        min = sorted[0]
        max = sorted[n - 1]
        p25 = Quantile.ofSorted(sorted, 0.25)
        p50 = Quantile.ofSorted(sorted, 0.50)
        p75 = Quantile.ofSorted(sorted, 0.75)
        p90 = Quantile.ofSorted(sorted, 0.90)
        p99 = Quantile.ofSorted(sorted, 0.99)
        p999 = Quantile.ofSorted(sorted, 0.999)
        iqr = p75 - p25
        mad = Descriptive.medianAbsoluteDeviation(sorted: sorted, median: p50)
    }

    /// Unscaled median absolute deviation of sorted values about `median` (type-7 median of
    /// the absolute deviations).
    ///
    /// The deviations of sorted values are two sorted runs (falling left of the median, rising
    /// right of it), so the two middle ones come from merging the runs outward from the median in
    /// O(n), without sorting a copy (issue 17: six phases × a million values per provider).
    public static func medianAbsoluteDeviation(sorted: [Double], median: Double) -> Double {
        precondition(!sorted.isEmpty, "MAD of an empty sample")
        let n = sorted.count
        let (k, w) = Quantile.position(count: n, 0.5)
        let wanted = Swift.min(k + 1, n - 1)  // the second order statistic Quantile.ofSorted reads
        return sorted.withUnsafeBufferPointer { x in
            // First index at or above the median; left run x[left], right run x[right].
            var lo = 0, hi = n
            while lo < hi {
                let mid = (lo + hi) / 2
                if x[mid] < median { lo = mid + 1 } else { hi = mid }
            }
            var left = lo - 1, right = lo
            var a = 0.0, b = 0.0
            for rank in 0...wanted {
                let d: Double
                if right < n && (left < 0 || abs(x[right] - median) <= abs(x[left] - median)) {
                    d = abs(x[right] - median)
                    right += 1
                } else {
                    d = abs(x[left] - median)
                    left -= 1
                }
                if rank == k { a = d }
                if rank == wanted { b = d }
            }
            return Quantile.interpolate(a, b, w)
        }
    }
}

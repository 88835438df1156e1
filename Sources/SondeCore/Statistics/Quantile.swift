#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Sample quantiles by linear interpolation between order statistics: Hyndman & Fan (1996)
/// type 7, the default of numpy (`method="linear"`) and R.
///
/// For `n` sorted values the quantile at `p` sits at the 0-based virtual index
/// `h = (n − 1)·p` and is `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`.
public enum Quantile {
    /// The type-7 quantile of values already sorted ascending.
    ///
    /// - Precondition: `sorted` is non-empty and `0 ≤ p ≤ 1`.
    @inlinable
    public static func ofSorted(_ sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty, "Quantile of an empty sample")
        return sorted.withUnsafeBufferPointer { ofSorted($0, p) }
    }

    /// The type-7 quantile of a sorted buffer (the allocation-free form of `ofSorted(_:_:)`).
    ///
    /// - Precondition: `sorted` is non-empty and `0 ≤ p ≤ 1`.
    @inlinable
    public static func ofSorted(_ sorted: UnsafeBufferPointer<Double>, _ p: Double) -> Double {
        precondition(!sorted.isEmpty, "Quantile of an empty sample")
        precondition(p >= 0 && p <= 1, "Quantile probability outside [0, 1]")
        let (lo, gamma) = position(count: sorted.count, p)
        let hi = Swift.min(lo + 1, sorted.count - 1)
        return interpolate(sorted[lo], sorted[hi], gamma)
    }

    /// The type-7 quantile of unsorted values (sorts a copy; use `ofSorted` when
    /// asking for several quantiles of one sample).
    ///
    /// - Precondition: `values` is non-empty and `0 ≤ p ≤ 1`.
    @inlinable
    public static func of(_ values: [Double], _ p: Double) -> Double {
        ofSorted(values.sorted(), p)
    }

    /// The lower 0-based order-statistic index `⌊(n − 1)·p⌋` and the interpolation weight
    /// toward the next one, as numpy computes them.
    @inlinable
    public static func position(count n: Int, _ p: Double) -> (index: Int, weight: Double) {
        let h = Double(n - 1) * p
        let lo = Swift.min(Int(h.rounded(.down)), n - 1)
        return (lo, h - Double(lo))
    }

    /// Linear interpolation written as numpy's `_lerp` does (from the nearer end), so that
    /// results agree with numpy to the last bit in most cases.
    @inlinable
    public static func interpolate(_ a: Double, _ b: Double, _ t: Double) -> Double {
        let diff = b - a
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
    }
}

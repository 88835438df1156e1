#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Serial correlation of a series in time order, used to decide whether an iid bootstrap is
/// trustworthy.
public enum Autocorrelation {
    /// The lag-1 sample autocorrelation `Σ(xₜ − x̄)(xₜ₊₁ − x̄) / Σ(xₜ − x̄)²` (the usual ACF
    /// estimator, Box & Jenkins 1976); 0 for fewer than 3 values or a constant series.
    @inlinable
    public static func lag1(_ x: [Double]) -> Double {
        x.withUnsafeBufferPointer { lag1($0) }
    }

    /// `lag1(_:)` on a buffer.
    @inlinable
    public static func lag1(_ x: UnsafeBufferPointer<Double>) -> Double {
        let n = x.count
        guard n >= 3 else { return 0 }
        var sum = 0.0
        for v in x { sum += v }
        let m = sum / Double(n)
        var num = 0.0
        var den = 0.0
        var prev = x[0] - m
        den += prev * prev
        for i in 1..<n {
            let d = x[i] - m
            num += prev * d
            den += d * d
            prev = d
        }
        return den > 0 ? num / den : 0
    }

    /// Whether a lag-1 autocorrelation is significantly non-zero (two-sided) by Bartlett's
    /// (1946) large-sample result: under white noise r₁ is approximately N(0, 1/n), so the
    /// test rejects when |r₁| > z₁₋ₗₑᵥₑₗ/₂ / √n.
    public static func isSignificant(lag1: Double, n: Int, level: Double = 0.05) -> Bool {
        guard n >= 3 else { return false }
        return abs(lag1) > NormalDistribution.quantile(1 - level / 2) / Double(n).squareRoot()
    }
}

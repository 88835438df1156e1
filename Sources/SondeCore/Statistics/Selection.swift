/// In-place selection of order statistics, O(n) expected versus O(n log n) for sorting: one
/// rank of a buffer, by `OrderStatistics`' selection (which also picks several ranks at once).
public enum Selection {
    /// Rearranges `buffer` so that `buffer[k]` holds the k-th smallest value (0-based), every
    /// value before it is ≤ and every value after it is ≥. Returns that value.
    ///
    /// - Precondition: `0 ≤ k < buffer.count` and no NaN.
    @discardableResult
    public static func select(_ buffer: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        precondition(k >= 0 && k < buffer.count, "Selection rank out of range")
        OrderStatistics.select(buffer, sortedRanks: [k])
        return buffer[k]
    }

    /// The type-7 quantile of the values in `buffer`, reordering them in place.
    ///
    /// - Precondition: `buffer` non-empty, `0 ≤ p ≤ 1`, no NaN.
    public static func quantile(_ buffer: UnsafeMutableBufferPointer<Double>, _ p: Double) -> Double {
        precondition(!buffer.isEmpty, "Quantile of an empty sample")
        let (k, w) = Quantile.position(count: buffer.count, p)
        let a = select(buffer, k)
        guard w > 0, k + 1 < buffer.count else { return a }
        // After selection the next order statistic is the minimum of the upper part.
        var b = buffer[k + 1]
        for i in (k + 2)..<buffer.count where buffer[i] < b { b = buffer[i] }
        return Quantile.interpolate(a, b, w)
    }

    /// The median (type 7) of the values in `buffer`, reordering them in place.
    public static func median(_ buffer: UnsafeMutableBufferPointer<Double>) -> Double {
        quantile(buffer, 0.5)
    }
}

/// In-place selection of order statistics (Hoare 1961 quickselect, median-of-three pivots,
/// falling back to a full sort of the remaining range if partitioning degenerates, as
/// introselect does; Musser 1997). O(n) expected, versus O(n log n) for sorting.
public enum Selection {
    /// Rearranges `buffer` so that `buffer[k]` holds the k-th smallest value (0-based), every
    /// value before it is ≤ and every value after it is ≥. Returns that value.
    ///
    /// - Precondition: `0 ≤ k < buffer.count` and no NaN.
    @inlinable
    @discardableResult
    public static func select(_ buffer: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        precondition(k >= 0 && k < buffer.count, "Selection rank out of range")
        var lo = 0, hi = buffer.count - 1
        var budget = 2 * (Int.bitWidth - buffer.count.leadingZeroBitCount) + 8
        while hi > lo {
            if budget == 0 {
                var rest = UnsafeMutableBufferPointer(rebasing: buffer[lo...hi])
                rest.sort()
                break
            }
            budget -= 1
            // Median of three, left in the middle slot as pivot.
            let mid = lo + (hi - lo) / 2
            if buffer[mid] < buffer[lo] { buffer.swapAt(mid, lo) }
            if buffer[hi] < buffer[lo] { buffer.swapAt(hi, lo) }
            if buffer[hi] < buffer[mid] { buffer.swapAt(hi, mid) }
            let pivot = buffer[mid]
            var i = lo, j = hi
            while i <= j {
                while buffer[i] < pivot { i += 1 }
                while pivot < buffer[j] { j -= 1 }
                if i <= j {
                    buffer.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now [lo, j] ≤ pivot ≤ [i, hi], and anything strictly between equals the pivot.
            if k <= j {
                hi = j
            } else if k >= i {
                lo = i
            } else {
                break
            }
        }
        return buffer[k]
    }

    /// The type-7 quantile of the values in `buffer`, reordering them in place.
    ///
    /// - Precondition: `buffer` non-empty, `0 ≤ p ≤ 1`, no NaN.
    @inlinable
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
    @inlinable
    public static func median(_ buffer: UnsafeMutableBufferPointer<Double>) -> Double {
        quantile(buffer, 0.5)
    }
}

/// Order statistics of unsorted values without sorting them: the values at several 0-based ranks,
/// exactly the ones a sort would put there, by selection (Hoare's FIND, 1961: partition around a
/// pivot and go on only into the parts that hold a wanted rank), with three-way partitioning so
/// that repeated values (latencies in whole µs repeat a lot) cost nothing extra (Bentley &
/// McIlroy 1993).
///
/// A history sorts many arrays only to read a few ranks of each: a run's median and p99, a
/// window's quantiles and their order-statistic intervals, the pairwise differences of a change's
/// size (1.8 million values for a month's change). Selection is O(n) per rank group where the
/// sort is O(n log n): the same figures, to the last bit, for a fraction of the time.
public enum OrderStatistics {
    /// The values at 0-based `ranks` (any order, repeats allowed, each in 0..<values.count) of
    /// `values` as if sorted ascending. `values` is reordered (partially sorted) in place.
    public static func select(_ values: inout [Double], ranks: [Int]) -> [Double] {
        precondition(ranks.allSatisfy { $0 >= 0 && $0 < values.count }, "a rank outside the values")
        let wanted = Array(Set(ranks)).sorted()
        values.withUnsafeMutableBufferPointer { select($0, sortedRanks: wanted) }
        return ranks.map { values[$0] }
    }

    /// Reorders `buffer` so that each of `sortedRanks` (ascending, distinct, in 0..<count) holds
    /// the value a sort would put there, with every value before a selected rank ≤ it and every
    /// value after it ≥ it (the partition `Selection` promises).
    static func select(_ buffer: UnsafeMutableBufferPointer<Double>, sortedRanks: [Int]) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        select(buffer, 0, buffer.count, sortedRanks[...], &state)
    }

    /// The type-7 quantiles (`Quantile.ofSorted` on the sorted values) at each of `ps`, by selection.
    ///
    /// - Precondition: `values` is non-empty and every p in [0, 1].
    public static func quantiles(_ values: inout [Double], _ ps: [Double]) -> [Double] {
        precondition(!values.isEmpty, "Quantile of an empty sample")
        let positions = ps.map { Quantile.position(count: values.count, $0) }
        let n = values.count
        let picked = select(&values, ranks: positions.flatMap { [$0.index, Swift.min($0.index + 1, n - 1)] })
        return positions.indices.map { Quantile.interpolate(picked[2 * $0], picked[2 * $0 + 1], positions[$0].weight) }
    }

    /// Selects `ranks` (ascending, distinct, all in lo..<hi) within buffer[lo..<hi].
    private static func select(_ a: UnsafeMutableBufferPointer<Double>, _ lo: Int, _ hi: Int, _ ranks: ArraySlice<Int>,
                               _ state: inout UInt64) {
        var lo = lo, hi = hi, ranks = ranks
        while !ranks.isEmpty {
            if hi - lo <= 24 {
                insertionSort(a, lo, hi)
                return
            }
            let pivot = pivot(a, lo, hi, &state)
            // [lo, less) < pivot, [less, greater) == pivot, [greater, hi) > pivot.
            var less = lo, i = lo, greater = hi
            while i < greater {
                let value = a[i]
                if value < pivot {
                    a.swapAt(less, i)
                    less += 1
                    i += 1
                } else if value > pivot {
                    greater -= 1
                    a.swapAt(i, greater)
                } else {
                    i += 1
                }
            }
            let below = ranks.prefix { $0 < less }
            let above = ranks.drop { $0 < greater }
            // Recurse into the smaller side, loop on the other (bounded stack).
            if below.count <= above.count {
                if !below.isEmpty { select(a, lo, less, below, &state) }
                lo = greater
                ranks = above
            } else {
                if !above.isEmpty { select(a, greater, hi, above, &state) }
                hi = less
                ranks = below
            }
        }
    }

    /// The median of three pseudo-random elements of buffer[lo..<hi] (a fixed generator: the
    /// values selected never depend on it, only the time taken).
    private static func pivot(_ a: UnsafeMutableBufferPointer<Double>, _ lo: Int, _ hi: Int, _ state: inout UInt64) -> Double {
        func next() -> Int {
            // SplitMix64 (Steele, Lea & Flood 2014).
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return lo + Int((z ^ (z >> 31)) % UInt64(hi - lo))
        }
        let x = a[next()], y = a[next()], z = a[next()]
        return Swift.max(Swift.min(x, y), Swift.min(Swift.max(x, y), z))
    }

    private static func insertionSort(_ a: UnsafeMutableBufferPointer<Double>, _ lo: Int, _ hi: Int) {
        guard hi - lo > 1 else { return }
        for i in (lo + 1)..<hi {
            let value = a[i]
            var j = i
            while j > lo && a[j - 1] > value {
                a[j] = a[j - 1]
                j -= 1
            }
            a[j] = value
        }
    }
}

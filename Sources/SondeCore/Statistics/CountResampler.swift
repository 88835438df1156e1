/// Draws bootstrap resamples of one or more series as multiplicities over their pooled,
/// sorted values, so that quantiles and moments of a resample come from one linear scan
/// instead of a sort (the multinomial view of the bootstrap, Efron & Tibshirani 1993, §6).
///
/// Groups are resampled separately (stratified) and concatenated: iid draws or circular
/// moving blocks (Künsch 1989; Politis & Romano 1992) never cross from one group to the next,
/// so pooling providers keeps each provider's time order and share.
struct CountResampler {
    /// Pooled values, ascending.
    let sorted: [Double]
    /// For each position of the concatenated time-ordered groups, its index in `sorted`.
    let rank: [Int32]
    /// Start offsets of the groups in the concatenated series, plus the total at the end.
    let offsets: [Int]
    /// Multiplicity of each sorted value in the current resample.
    var counts: [UInt8]

    /// Prepares resampling of `groups` (each in time order); an empty group is ignored.
    init(groups: [[Double]]) {
        let series = groups.flatMap { $0 }
        precondition(!series.isEmpty, "Resampling needs at least one value")
        precondition(series.count < Int(Int32.max), "Series too long")
        var offsets = [0]
        for g in groups where !g.isEmpty { offsets.append(offsets.last! + g.count) }
        // Sort positions by value; ties keep time order so the mapping is deterministic.
        var order = Array(0..<Int32(series.count))
        order.sort { series[Int($0)] < series[Int($1)] || (series[Int($0)] == series[Int($1)] && $0 < $1) }
        var rank = [Int32](repeating: 0, count: series.count)
        var sorted = [Double](repeating: 0, count: series.count)
        for (r, p) in order.enumerated() {
            rank[Int(p)] = Int32(r)
            sorted[r] = series[Int(p)]
        }
        self.sorted = sorted
        self.rank = rank
        self.offsets = offsets
        self.counts = [UInt8](repeating: 0, count: series.count)
    }

    /// Number of values in a resample (the total length of the groups).
    var count: Int { sorted.count }

    /// Sets every multiplicity to one: the observed sample itself.
    mutating func setObserved() {
        counts.withUnsafeMutableBufferPointer { $0.update(repeating: 1) }
    }

    /// Fills `counts` with a fresh resample drawn by `method` from `rng`.
    ///
    /// A resample in which one value is drawn 256 times or more (impossible below 256 values,
    /// probability below 1e-400 for a million) is redrawn, so counts fit in a byte and the
    /// scan stays in cache.
    mutating func draw(_ method: BootstrapMethod, _ rng: inout SeededGenerator) {
        while !drawOnce(method, &rng) {}
    }

    private mutating func drawOnce(_ method: BootstrapMethod, _ rng: inout SeededGenerator) -> Bool {
        let offsets = self.offsets
        return counts.withUnsafeMutableBufferPointer { c in
            c.update(repeating: 0)
            var wrapped = false
            if case .iid = method, offsets.count == 2 {
                // One group, iid: a uniform position has a uniform rank, skip the indirection.
                let n = c.count
                for _ in 0..<n {
                    let r = rng.index(below: n)
                    c[r] &+= 1
                    wrapped = wrapped || c[r] == 0
                }
                return !wrapped
            }
            rank.withUnsafeBufferPointer { rank in
                for g in 0..<(offsets.count - 1) {
                    let start = offsets[g], n = offsets[g + 1] - start
                    switch method {
                    case .iid:
                        for _ in 0..<n {
                            let r = Int(rank[start + rng.index(below: n)])
                            c[r] &+= 1
                            wrapped = wrapped || c[r] == 0
                        }
                    case .movingBlock(let requested):
                        let length = Swift.max(1, Swift.min(requested, n))
                        var filled = 0
                        while filled < n {
                            var p = rng.index(below: n)
                            let take = Swift.min(length, n - filled)
                            for _ in 0..<take {
                                let r = Int(rank[start + p])
                                c[r] &+= 1
                                wrapped = wrapped || c[r] == 0
                                p += 1
                                if p == n { p = 0 }
                            }
                            filled += take
                        }
                    }
                }
            }
            return !wrapped
        }
    }
}

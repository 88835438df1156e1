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
    /// A central value subtracted before summing powers, for accuracy.
    let shift: Double
    /// Prefix sums of (x − shift) and (x − shift)² over the concatenated time order; built on
    /// first use by the block method (`reserveBlocks`), since iid draws never read them and they
    /// weigh 16 bytes a value (issue 17: 48 MB for three providers of a million values).
    private(set) var prefix1: [Double] = []
    private(set) var prefix2: [Double] = []
    /// Per drawn block: Σ(x − shift), Σ(x − shift)² and length (block method only).
    var blockSum1: [Double] = []
    var blockSum2: [Double] = []
    var blockLength: [Int32] = []

    /// Prepares resampling of `groups` (each in time order); an empty group is ignored.
    init(groups: [[Double]]) {
        let total = groups.reduce(0) { $0 + $1.count }
        precondition(total > 0, "Resampling needs at least one value")
        precondition(total < Int(Int32.max), "Series too long")
        var offsets = [0]
        for g in groups where !g.isEmpty { offsets.append(offsets.last! + g.count) }
        // The values in time order, then the positions ordered by (value, position), so ties
        // keep time order and the mapping is deterministic. Positions are sorted as 4-byte
        // indices and the values permuted in place afterwards (issue 17: (value, position) pairs
        // weighed 16 bytes a value, 48 MB beside the 24 MB of values for a 3M-value DePIN side;
        // now 4 bytes of positions and 4 of ranks, nothing else).
        var sorted = [Double]()
        sorted.reserveCapacity(total)
        for g in groups { sorted.append(contentsOf: g) }
        var order = [Int32](unsafeUninitializedCapacity: total) { buffer, initialized in
            for p in 0..<total { buffer[p] = Int32(p) }
            initialized = total
        }
        sorted.withUnsafeBufferPointer { x in
            order.sort { a, b in
                let va = x[Int(a)], vb = x[Int(b)]
                return va < vb || (va == vb && a < b)
            }
        }
        var rank = [Int32](repeating: 0, count: total)
        for (r, p) in order.enumerated() { rank[Int(p)] = Int32(r) }
        // Move each value to its rank, one cycle of the permutation at a time; `order` marks the
        // places already filled (-1).
        sorted.withUnsafeMutableBufferPointer { x in
            order.withUnsafeMutableBufferPointer { done in
                rank.withUnsafeBufferPointer { rank in
                    for start in 0..<total where done[start] >= 0 {
                        var carried = x[start]
                        var place = Int(rank[start])
                        while place != start {
                            swap(&carried, &x[place])
                            done[place] = -1
                            place = Int(rank[place])
                        }
                        x[start] = carried
                        done[start] = -1
                    }
                }
            }
        }
        order = []
        self.sorted = sorted
        self.rank = rank
        self.offsets = offsets
        self.counts = [UInt8](repeating: 0, count: total)
        shift = sorted[sorted.count / 2]
    }

    /// Builds `prefix1` and `prefix2` from the series in time order (`sorted[rank[t]]`).
    mutating func buildPrefixSums() {
        guard prefix1.isEmpty else { return }
        var p1 = [Double](repeating: 0, count: count + 1)
        var p2 = p1
        for t in 0..<count {
            let y = sorted[Int(rank[t])] - shift
            p1[t + 1] = p1[t] + y
            p2[t + 1] = p2[t] + y * y
        }
        prefix1 = p1
        prefix2 = p2
    }

    /// Room for the block sums of one resample drawn with blocks of `length`.
    mutating func reserveBlocks(_ length: Int) {
        buildPrefixSums()
        var capacity = 0
        for g in 0..<(offsets.count - 1) {
            let n = offsets[g + 1] - offsets[g]
            let l = Swift.max(1, Swift.min(length, n))
            capacity += (n + l - 1) / l
        }
        if blockSum1.count != capacity {
            blockSum1 = [Double](repeating: 0, count: capacity)
            blockSum2 = blockSum1
            blockLength = [Int32](repeating: 0, count: capacity)
        }
    }

    /// Records as blocks the observed series cut into consecutive pieces of `length`.
    mutating func setObservedBlocks(_ length: Int) {
        reserveBlocks(length)
        var j = 0
        for g in 0..<(offsets.count - 1) {
            let start = offsets[g], n = offsets[g + 1] - start
            let l = Swift.max(1, Swift.min(length, n))
            var p = 0
            while p < n {
                let take = Swift.min(l, n - p)
                blockSum1[j] = prefix1[start + p + take] - prefix1[start + p]
                blockSum2[j] = prefix2[start + p + take] - prefix2[start + p]
                blockLength[j] = Int32(take)
                j += 1
                p += take
            }
        }
    }

    /// Standard error of log(variance) of the current resample, treating its blocks as
    /// independent clusters (batch means; Künsch 1989, Götze & Künsch 1996): with
    /// Qⱼ = Σ_block (x − x̄)², SE²(σ̂²) = Σⱼ (Qⱼ − lenⱼ σ̂²)² / n². `mean` is the resample mean.
    func blockLogVarianceSE(mean: Double) -> Double {
        let mu = mean - shift
        var q = 0.0
        for j in blockSum1.indices {
            q += blockSum2[j] - 2 * mu * blockSum1[j] + Double(blockLength[j]) * mu * mu
        }
        let n = Double(count)
        let sigma2 = q / n
        var ss = 0.0
        for j in blockSum1.indices {
            let len = Double(blockLength[j])
            let d = blockSum2[j] - 2 * mu * blockSum1[j] + len * mu * mu - len * sigma2
            ss += d * d
        }
        return ss.squareRoot() / n / sigma2
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
        var g = rng  // a local copy stays in registers in the hot loops
        defer { rng = g }
        if case .movingBlock(let length) = method { reserveBlocks(length) }
        let (rank, p1, p2) = (self.rank, self.prefix1, self.prefix2)
        var s1 = blockSum1, s2 = blockSum2, lens = blockLength
        blockSum1 = []
        blockSum2 = []
        blockLength = []
        defer {
            blockSum1 = s1
            blockSum2 = s2
            blockLength = lens
        }
        return counts.withUnsafeMutableBufferPointer { c in
            c.update(repeating: 0)
            var wrapped = false
            if case .iid = method, offsets.count == 2 {
                // One group, iid: a uniform position has a uniform rank, skip the indirection.
                let n = c.count
                for _ in 0..<n {
                    let r = g.index(below: n)
                    c[r] &+= 1
                    wrapped = wrapped || c[r] == 0
                }
                return !wrapped
            }
            return rank.withUnsafeBufferPointer { rank in
                var j = 0
                for k in 0..<(offsets.count - 1) {
                    let start = offsets[k], n = offsets[k + 1] - start
                    switch method {
                    case .iid:
                        for _ in 0..<n {
                            let r = Int(rank[start + g.index(below: n)])
                            c[r] &+= 1
                            wrapped = wrapped || c[r] == 0
                        }
                    case .movingBlock(let requested):
                        let length = Swift.max(1, Swift.min(requested, n))
                        var filled = 0
                        while filled < n {
                            let first = g.index(below: n)
                            let take = Swift.min(length, n - filled)
                            let end = first + take
                            // The block, split where it wraps round the end of the series.
                            for p in (start + first)..<(start + Swift.min(end, n)) {
                                let r = Int(rank[p])
                                c[r] &+= 1
                                wrapped = wrapped || c[r] == 0
                            }
                            if end <= n {
                                s1[j] = p1[start + end] - p1[start + first]
                                s2[j] = p2[start + end] - p2[start + first]
                            } else {
                                for p in start..<(start + end - n) {
                                    let r = Int(rank[p])
                                    c[r] &+= 1
                                    wrapped = wrapped || c[r] == 0
                                }
                                s1[j] = p1[start + n] - p1[start + first] + p1[start + end - n] - p1[start]
                                s2[j] = p2[start + n] - p2[start + first] + p2[start + end - n] - p2[start]
                            }
                            lens[j] = Int32(take)
                            j += 1
                            filled += take
                        }
                    }
                }
                return !wrapped
            }
        }
    }
}

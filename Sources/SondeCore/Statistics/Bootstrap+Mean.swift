extension Bootstrap {
    /// Replicates of the mean of the concatenated `groups`, equal value for value to
    /// `replicates(groups:side:method:resamples:seed:statistic:)` with the mean as the statistic
    /// (the same draws, summed in the same order), without writing each resample out and split
    /// over the cores (issue 17: 2,000 resamples of a million values per side and comparison).
    static func meanReplicates(groups: [[Double]], side: UInt64, method: BootstrapMethod, resamples: Int,
                               seed: UInt64) -> [Double] {
        let groups = groups.filter { !$0.isEmpty }
        let total = Double(groups.reduce(0) { $0 + $1.count })
        var out = [Double](repeating: 0, count: resamples)
        out.withUnsafeMutableBufferPointer { out in
            Parallel.forEachChunk(resamples) { range in
                for b in range {
                    var rng = generator(seed: seed, side: side, replicate: b)
                    var sum = 0.0
                    for g in groups {
                        g.withUnsafeBufferPointer { src in sum = addResample(of: src, to: sum, method: method, rng: &rng) }
                    }
                    out[b] = sum / total
                }
            }
        }
        return out
    }

    /// `sum` plus the values of one resample of `src`, added in the order `fill` writes them.
    private static func addResample(of src: UnsafeBufferPointer<Double>, to sum: Double, method: BootstrapMethod,
                                    rng: inout SeededGenerator) -> Double {
        let n = src.count
        var sum = sum
        switch method {
        case .iid:
            for _ in 0..<n { sum += src[rng.index(below: n)] }
        case .movingBlock(let requested):
            let length = Swift.max(1, Swift.min(requested, n))
            var filled = 0
            while filled < n {
                var p = rng.index(below: n)
                let take = Swift.min(length, n - filled)
                for _ in 0..<take {
                    sum += src[p]
                    p += 1
                    if p == n { p = 0 }
                }
                filled += take
            }
        }
        return sum
    }

    /// The mean of the concatenated `groups`, summed in order (the point estimate of
    /// `ratioInterval` with the mean as its statistic).
    static func mean(of groups: [[Double]]) -> Double {
        var sum = 0.0, count = 0
        for g in groups {
            for value in g { sum += value }
            count += g.count
        }
        return sum / Double(count)
    }

    /// `ratioInterval` with the mean as the statistic: the same estimate and interval, the
    /// baseline's replicates passed in when several candidates share them.
    static func meanRatioInterval(baseline: [Double], baselineReplicates: [Double], candidateGroups: [[Double]],
                                  method: BootstrapMethod, resamples: Int, confidence: Double, seed: UInt64) -> RatioEstimate {
        precondition(baselineReplicates.count == resamples, "One baseline replicate per resample")
        let point = mean(of: candidateGroups) / mean(of: [baseline])
        var ratios = meanReplicates(groups: candidateGroups, side: 1, method: method, resamples: resamples, seed: seed)
        for b in 0..<resamples { ratios[b] /= baselineReplicates[b] }
        let (lo, hi) = percentileInterval(ratios, confidence: confidence)
        return RatioEstimate(point: point, lower: lo, upper: hi)
    }
}

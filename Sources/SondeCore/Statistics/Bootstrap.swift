/// Percentile bootstrap intervals for ratios of statistics between a baseline and a candidate
/// (Efron & Tibshirani 1993, ch. 13), each side resampled independently with the same
/// `BootstrapMethod`; the candidate may pool several providers, each resampled within itself.
///
/// Replicate `b` of a side is drawn from its own generator stream, derived from the seed,
/// the side and `b`, so a result depends on the seed only, never on evaluation order.
public enum Bootstrap {
    /// The percentile interval of the replicates at `confidence`: their type-7 quantiles at
    /// (1 − confidence)/2 and (1 + confidence)/2, NaN replicates (0/0) left out.
    public static func percentileInterval(_ replicates: [Double], confidence: Double) -> (lower: Double, upper: Double) {
        precondition(confidence > 0 && confidence < 1, "Confidence must lie in (0, 1)")
        let kept = replicates.filter { !$0.isNaN }.sorted()
        guard !kept.isEmpty else { return (.nan, .nan) }
        let alpha = 1 - confidence
        return (Quantile.ofSorted(kept, alpha / 2), Quantile.ofSorted(kept, 1 - alpha / 2))
    }

    /// Bootstrap interval of `statistic(candidate) / statistic(baseline)` for any statistic,
    /// e.g. the mean for a throughput ratio. Each resample is written, in resampled order,
    /// into one reused buffer that `statistic` receives; nothing is allocated per resample.
    ///
    /// - Parameters:
    ///   - candidateGroups: one or more series in time order, pooled by concatenating
    ///     resamples drawn within each series.
    ///   - method: `.iid` or `.movingBlock`; see `BootstrapMethod.automatic(for:)`.
    public static func ratioInterval(
        baseline: [Double], candidateGroups: [[Double]], method: BootstrapMethod,
        resamples: Int = 2000, confidence: Double = 0.95, seed: UInt64,
        statistic: (UnsafeBufferPointer<Double>) -> Double
    ) -> RatioEstimate {
        precondition(resamples > 0, "Need at least one resample")
        precondition(!baseline.isEmpty && candidateGroups.contains { !$0.isEmpty }, "Empty sample")
        let pooled = candidateGroups.flatMap { $0 }
        let point = pooled.withUnsafeBufferPointer(statistic) / baseline.withUnsafeBufferPointer(statistic)
        var base = replicates(groups: [baseline], side: 0, method: method, resamples: resamples,
                              seed: seed, statistic: statistic)
        let cand = replicates(groups: candidateGroups, side: 1, method: method, resamples: resamples,
                              seed: seed, statistic: statistic)
        for b in 0..<resamples { base[b] = cand[b] / base[b] }
        let (lo, hi) = percentileInterval(base, confidence: confidence)
        return RatioEstimate(point: point, lower: lo, upper: hi)
    }

    /// `ratioInterval` for a single candidate series.
    public static func ratioInterval(
        baseline: [Double], candidate: [Double], method: BootstrapMethod,
        resamples: Int = 2000, confidence: Double = 0.95, seed: UInt64,
        statistic: (UnsafeBufferPointer<Double>) -> Double
    ) -> RatioEstimate {
        ratioInterval(baseline: baseline, candidateGroups: [candidate], method: method, resamples: resamples,
                      confidence: confidence, seed: seed, statistic: statistic)
    }

    /// The generator for replicate `b` of side `side` (0 baseline, 1 candidate).
    static func generator(seed: UInt64, side: UInt64, replicate b: Int) -> SeededGenerator {
        SeededGenerator(seed: seed, stream: side << 40 | UInt64(b))
    }

    /// `statistic` on `resamples` materialised resamples of the concatenated `groups`.
    static func replicates(
        groups: [[Double]], side: UInt64, method: BootstrapMethod, resamples: Int, seed: UInt64,
        statistic: (UnsafeBufferPointer<Double>) -> Double
    ) -> [Double] {
        let groups = groups.filter { !$0.isEmpty }
        var buffer = [Double](repeating: 0, count: groups.reduce(0) { $0 + $1.count })
        var out = [Double](repeating: 0, count: resamples)
        for b in 0..<resamples {
            var rng = generator(seed: seed, side: side, replicate: b)
            buffer.withUnsafeMutableBufferPointer { buf in
                var o = 0
                for g in groups {
                    g.withUnsafeBufferPointer { src in
                        fill(buf, at: &o, from: src, method: method, rng: &rng)
                    }
                }
            }
            out[b] = buffer.withUnsafeBufferPointer(statistic)
        }
        return out
    }

    /// Appends one resample of `src` (same length) to `buf` at offset `o`.
    static func fill(_ buf: UnsafeMutableBufferPointer<Double>, at o: inout Int, from src: UnsafeBufferPointer<Double>,
                     method: BootstrapMethod, rng: inout SeededGenerator) {
        let n = src.count
        switch method {
        case .iid:
            for _ in 0..<n {
                buf[o] = src[rng.index(below: n)]
                o += 1
            }
        case .movingBlock(let requested):
            let length = Swift.max(1, Swift.min(requested, n))
            var filled = 0
            while filled < n {
                var p = rng.index(below: n)
                let take = Swift.min(length, n - filled)
                for _ in 0..<take {
                    buf[o] = src[p]
                    o += 1
                    p += 1
                    if p == n { p = 0 }
                }
                filled += take
            }
        }
    }
}

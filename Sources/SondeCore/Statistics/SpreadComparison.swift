/// How much more (or less) spread a candidate's latencies have than a baseline's, with
/// bootstrap confidence intervals: the figure behind "DePIN latency variance is ~5× AWS".
///
/// Each ratio is candidate / baseline. Intervals are percentile bootstrap intervals
/// (Efron & Tibshirani 1993) with baseline and candidate resampled independently; when
/// either series shows significant lag-1 autocorrelation (Bartlett 1946) both are resampled
/// by the circular moving-block bootstrap (Künsch 1989; Politis & Romano 1992) with the
/// Politis & White (2004) block length, since iid resampling of serially dependent
/// latencies (slow episodes) gives intervals that are too narrow.
public struct SpreadComparison: Sendable, Codable, Equatable {
    /// Ratio of sample variances (n − 1).
    public var varianceRatio: RatioEstimate
    /// Ratio of interquartile ranges.
    public var iqrRatio: RatioEstimate
    /// Ratio of unscaled MADs.
    public var madRatio: RatioEstimate
    /// (p99/p50 of candidate) / (p99/p50 of baseline).
    public var tailSpreadRatio: RatioEstimate
    /// The resampling scheme that produced the intervals.
    public var bootstrap: BootstrapMethod
    /// Number of bootstrap resamples per side.
    public var resamples: Int
    /// Confidence level of the intervals, e.g. 0.95.
    public var confidence: Double
    /// Seed of the bootstrap; the same inputs and seed give the same intervals.
    public var seed: UInt64
    /// Lag-1 autocorrelation of the baseline series.
    public var lag1Baseline: Double
    /// Lag-1 autocorrelation of the candidate: for pooled providers, the one largest in
    /// magnitude.
    public var lag1Candidate: Double
    /// Brown–Forsythe (1974) p-value for equal spread of baseline and (pooled) candidate.
    public var brownForsythePValue: Double
    /// Two-sided Mann–Whitney (1947) p-value for a location shift between them.
    public var mannWhitneyPValue: Double

    /// Compares one candidate series with the baseline; both in time order.
    ///
    /// - Precondition: both series have at least two values.
    public static func compare(
        baseline: [Double], candidate: [Double], resamples: Int = 2000, confidence: Double = 0.95, seed: UInt64
    ) -> SpreadComparison {
        compare(baseline: baseline, candidateGroups: [candidate], resamples: resamples,
                confidence: confidence, seed: seed)
    }

    /// Compares several candidate providers, pooled into one group, with the baseline. Each
    /// provider's series stays in its own time order: resamples are drawn within each
    /// provider and then concatenated.
    ///
    /// - Precondition: the baseline and the pooled candidates have at least two values.
    public static func compare(
        baseline: [Double], candidateGroups: [[Double]], resamples: Int = 2000, confidence: Double = 0.95,
        seed: UInt64
    ) -> SpreadComparison {
        let method = BootstrapMethod.automatic(for: [baseline] + candidateGroups.filter { !$0.isEmpty })
        return compare(baseline: baseline, candidateGroups: candidateGroups, method: method,
                       resamples: resamples, confidence: confidence, seed: seed)
    }

    /// `compare` with the resampling scheme fixed by the caller instead of chosen from the
    /// data (used by the coverage simulation to show what each scheme does).
    public static func compare(
        baseline: [Double], candidateGroups: [[Double]], method: BootstrapMethod, resamples: Int = 2000,
        confidence: Double = 0.95, seed: UInt64
    ) -> SpreadComparison {
        let groups = candidateGroups.filter { !$0.isEmpty }
        let pooled = groups.flatMap { $0 }
        precondition(baseline.count >= 2 && pooled.count >= 2, "Spread comparison needs two values a side")
        precondition(resamples > 0, "Need at least one resample")
        var base = CountResampler(groups: [baseline])
        var cand = CountResampler(groups: groups)
        base.setObserved()
        cand.setObserved()
        let b0 = SpreadStatistics(base), c0 = SpreadStatistics(cand)
        let bReps = replicates(&base, side: 0, method: method, resamples: resamples, seed: seed)
        let cReps = replicates(&cand, side: 1, method: method, resamples: resamples, seed: seed)
        func estimate(_ key: KeyPath<SpreadStatistics, Double>) -> RatioEstimate {
            var ratios = [Double](repeating: 0, count: resamples)
            for b in 0..<resamples { ratios[b] = cReps[b][keyPath: key] / bReps[b][keyPath: key] }
            let (lo, hi) = Bootstrap.percentileInterval(ratios, confidence: confidence)
            return RatioEstimate(point: c0[keyPath: key] / b0[keyPath: key], lower: lo, upper: hi)
        }
        let lag1s = groups.map { Autocorrelation.lag1($0) }
        return SpreadComparison(
            varianceRatio: estimate(\.variance), iqrRatio: estimate(\.iqr), madRatio: estimate(\.mad),
            tailSpreadRatio: estimate(\.tailSpread), bootstrap: method, resamples: resamples,
            confidence: confidence, seed: seed, lag1Baseline: Autocorrelation.lag1(baseline),
            lag1Candidate: lag1s.max { abs($0) < abs($1) } ?? 0,
            brownForsythePValue: BrownForsythe.test([baseline, pooled]).pValue,
            mannWhitneyPValue: MannWhitney.test(pooled, baseline).pValue)
    }

    /// Spread statistics of `resamples` resamples of one side.
    static func replicates(_ r: inout CountResampler, side: UInt64, method: BootstrapMethod, resamples: Int,
                           seed: UInt64) -> [SpreadStatistics] {
        var out: [SpreadStatistics] = []
        out.reserveCapacity(resamples)
        for b in 0..<resamples {
            var rng = Bootstrap.generator(seed: seed, side: side, replicate: b)
            r.draw(method, &rng)
            out.append(SpreadStatistics(r))
        }
        return out
    }
}

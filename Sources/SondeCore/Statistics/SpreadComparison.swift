#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How much more (or less) spread a candidate's latencies have than a baseline's, with
/// bootstrap confidence intervals: the figure behind "DePIN latency variance is ~5× AWS".
///
/// Each ratio is candidate / baseline. Baseline and candidate are resampled independently
/// (Efron & Tibshirani 1993); the variance ratio gets a studentized (bootstrap-t) interval on
/// the log scale, the quantile-based ratios percentile intervals. When
/// either series shows significant lag-1 autocorrelation (Bartlett 1946) both are resampled
/// by the circular moving-block bootstrap (Künsch 1989; Politis & Romano 1992) with the
/// Politis & White (2004) block length, since iid resampling of serially dependent
/// latencies (slow episodes) gives intervals that are too narrow.
public struct SpreadComparison: Sendable, Codable, Equatable {
    /// Ratio of sample variances (n − 1), with a studentized bootstrap interval (percentile if
    /// the standard error is degenerate, e.g. a constant sample).
    public var varianceRatio: RatioEstimate
    /// Ratio of interquartile ranges (percentile interval).
    public var iqrRatio: RatioEstimate
    /// Ratio of unscaled MADs (percentile interval).
    public var madRatio: RatioEstimate
    /// (p99/p50 of candidate) / (p99/p50 of baseline) (percentile interval).
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
        let base = Side(groups: [baseline], method: method, index: 0, resamples: resamples, seed: seed)
        let cand = Side(groups: groups, method: method, index: 1, resamples: resamples, seed: seed)
        func estimate(_ key: KeyPath<SpreadStatistics, Double>) -> RatioEstimate {
            var ratios = [Double](repeating: 0, count: resamples)
            for b in 0..<resamples { ratios[b] = cand.replicates[b][keyPath: key] / base.replicates[b][keyPath: key] }
            let (lo, hi) = Bootstrap.percentileInterval(ratios, confidence: confidence)
            return RatioEstimate(point: cand.observed[keyPath: key] / base.observed[keyPath: key], lower: lo, upper: hi)
        }
        let variance = studentizedVarianceRatio(base: base, candidate: cand, confidence: confidence)
            ?? estimate(\.variance)
        let lag1s = groups.map { Autocorrelation.lag1($0) }
        return SpreadComparison(
            varianceRatio: variance, iqrRatio: estimate(\.iqr), madRatio: estimate(\.mad),
            tailSpreadRatio: estimate(\.tailSpread), bootstrap: method, resamples: resamples,
            confidence: confidence, seed: seed, lag1Baseline: Autocorrelation.lag1(baseline),
            lag1Candidate: lag1s.max { abs($0) < abs($1) } ?? 0,
            brownForsythePValue: BrownForsythe.test([baseline, pooled]).pValue,
            mannWhitneyPValue: MannWhitney.test(sortedX: cand.sorted, sortedY: base.sorted).pValue)
    }

    /// The studentized (bootstrap-t) interval of the variance ratio on the log scale
    /// (Efron & Tibshirani 1993, ch. 12; for blocks Götze & Künsch 1996): with
    /// T = log(s²_c/s²_b) and SE from `Side.logVarianceSE`, the interval is
    /// exp(T − t*₍₁₋α/₂₎·SE, T − t*₍α/₂₎·SE) where t* are the bootstrap values of (T* − T)/SE*.
    /// Studentizing lets a sample with few slow episodes, whose variance and uncertainty are
    /// both understated, widen its interval upward; nil when the SE is degenerate.
    static func studentizedVarianceRatio(base: Side, candidate: Side, confidence: Double) -> RatioEstimate? {
        let point = candidate.observed.variance / base.observed.variance
        let se = (base.observedLogVarianceSE * base.observedLogVarianceSE
            + candidate.observedLogVarianceSE * candidate.observedLogVarianceSE).squareRoot()
        guard point.isFinite, point > 0, se.isFinite, se > 0 else { return nil }
        let t0 = log(point)
        var t = [Double](repeating: 0, count: base.replicates.count)
        for b in t.indices {
            let sb = base.logVarianceSE[b], sc = candidate.logVarianceSE[b]
            let r = candidate.replicates[b].variance / base.replicates[b].variance
            t[b] = (log(r) - t0) / (sb * sb + sc * sc).squareRoot()
        }
        let (tLow, tHigh) = Bootstrap.percentileInterval(t, confidence: confidence)
        guard tLow.isFinite, tHigh.isFinite else { return nil }
        return RatioEstimate(point: point, lower: exp(t0 - tHigh * se), upper: exp(t0 - tLow * se))
    }

    /// One side of a comparison: its observed statistics and its bootstrap replicates, each
    /// with the standard error of log(variance) for studentizing.
    struct Side {
        var observed: SpreadStatistics
        var observedLogVarianceSE: Double
        var replicates: [SpreadStatistics]
        var logVarianceSE: [Double]
        /// The side's values, ascending.
        var sorted: [Double]

        init(groups: [[Double]], method: BootstrapMethod, index: UInt64, resamples: Int, seed: UInt64) {
            var r = CountResampler(groups: groups)
            sorted = r.sorted
            var blocks = [Int32](repeating: 0, count: SpreadStatistics.blockPrefixCount(r.count))
            r.setObserved()
            let scan = SpreadStatistics.scan(r, blockPrefix: &blocks)
            observed = scan.statistics
            if case .movingBlock(let length) = method {
                r.setObservedBlocks(length)
                observedLogVarianceSE = r.blockLogVarianceSE(mean: scan.mean)
            } else {
                observedLogVarianceSE = Side.iidLogVarianceSE(scan, n: r.count)
            }
            var replicates = [SpreadStatistics](repeating: scan.statistics, count: resamples)
            var ses = [Double](repeating: 0, count: resamples)
            let template = r
            replicates.withUnsafeMutableBufferPointer { out in
                ses.withUnsafeMutableBufferPointer { seOut in
                    Parallel.forEachChunk(resamples) { range in
                        var r = template
                        var blocks = [Int32](repeating: 0, count: SpreadStatistics.blockPrefixCount(r.count))
                        for b in range {
                            var rng = Bootstrap.generator(seed: seed, side: index, replicate: b)
                            r.draw(method, &rng)
                            let s = SpreadStatistics.scan(r, blockPrefix: &blocks)
                            out[b] = s.statistics
                            if case .movingBlock = method {
                                seOut[b] = r.blockLogVarianceSE(mean: s.mean)
                            } else {
                                seOut[b] = Side.iidLogVarianceSE(s, n: r.count)
                            }
                        }
                    }
                }
            }
            self.replicates = replicates
            self.logVarianceSE = ses
        }

        /// SE of log(variance) for independent values: √(Σ(x − x̄)⁴ − nσ̂⁴) / n / σ̂².
        static func iidLogVarianceSE(_ s: SpreadStatistics.ScanResult, n: Int) -> Double {
            let nd = Double(n)
            let sigma2 = s.statistics.variance * (nd - 1) / nd
            return Swift.max(0, s.fourthCentralSum - nd * sigma2 * sigma2).squareRoot() / nd / sigma2
        }
    }
}

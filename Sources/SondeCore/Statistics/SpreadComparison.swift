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
/// the log scale (each end the farther of the equal-tailed and the symmetric form), or BCa
/// when the studentized replicates are unstable (one extreme value, few blocks), the
/// quantile-based ratios percentile intervals; under serial dependence the IQR and MAD
/// intervals, and the variance interval when studentized, reach at each end at least as far as
/// an accelerated grouped-jackknife t interval over ten batches a side (`widenedByBatches`). When
/// either series shows significant lag-1 autocorrelation (Bartlett 1946) both are resampled
/// by the circular moving-block bootstrap (Künsch 1989; Politis & Romano 1992) with the
/// Politis & White (2004) block length, since iid resampling of serially dependent
/// latencies (slow episodes) gives intervals that are too narrow.
public struct SpreadComparison: Sendable, Codable, Equatable {
    /// Ratio of sample variances (n − 1), with a studentized bootstrap interval (each end the
    /// farther of the equal-tailed and the symmetric form, Hall 1988; under serial dependence
    /// also of the accelerated grouped-jackknife t interval's, `widenedByBatches`); BCa when the
    /// studentized pivot is unstable (e.g. one extreme value among 200), percentile if the
    /// standard error is degenerate (e.g. a constant sample).
    public var varianceRatio: RatioEstimate
    /// Ratio of interquartile ranges (percentile interval; under serial dependence each end the
    /// farther of it and the grouped-jackknife t interval's, `widenedByBatches`).
    public var iqrRatio: RatioEstimate
    /// Ratio of unscaled MADs (as `iqrRatio`).
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
        precondition(baseline.count >= 2 && groups.reduce(0, { $0 + $1.count }) >= 2, "Spread comparison needs two values a side")
        precondition(resamples > 0, "Need at least one resample")
        let base = Side(groups: [baseline], method: method, index: 0, resamples: resamples, seed: seed)
        return assemble(baseline: baseline, base: base, candidateGroups: groups, method: method,
                        resamples: resamples, confidence: confidence, seed: seed)
    }

    /// Compares each candidate series separately with one baseline. The baseline is resampled
    /// once per bootstrap method in use rather than once per candidate; element `i` equals
    /// `compare(baseline: baseline, candidate: candidates[i], ...)` exactly.
    public static func compareEach(
        baseline: [Double], candidates: [[Double]], resamples: Int = 2000, confidence: Double = 0.95, seed: UInt64
    ) -> [SpreadComparison] {
        precondition(baseline.count >= 2, "Spread comparison needs two values a side")
        var sides: [BootstrapMethod: Side] = [:]
        return candidates.map { candidate in
            precondition(candidate.count >= 2, "Spread comparison needs two values a side")
            let method = BootstrapMethod.automatic(for: [baseline, candidate])
            let base = sides[method] ?? Side(groups: [baseline], method: method, index: 0, resamples: resamples, seed: seed)
            sides[method] = base
            return assemble(baseline: baseline, base: base, candidateGroups: [candidate], method: method,
                            resamples: resamples, confidence: confidence, seed: seed)
        }
    }

    /// The comparison of a resampled baseline with freshly resampled candidate groups (or with
    /// `candidate`, the side of those groups when the caller drew it).
    static func assemble(
        baseline: [Double], base: Side, candidateGroups groups: [[Double]], method: BootstrapMethod, resamples: Int,
        confidence: Double, seed: UInt64, candidate: Side? = nil
    ) -> SpreadComparison {
        let cand = candidate ?? Side(groups: groups, method: method, index: 1, resamples: resamples, seed: seed)
        func estimate(_ key: KeyPath<SpreadStatistics, Double>) -> RatioEstimate {
            var ratios = [Double](repeating: 0, count: resamples)
            for b in 0..<resamples { ratios[b] = cand.replicates[b][keyPath: key] / base.replicates[b][keyPath: key] }
            let (lo, hi) = Bootstrap.percentileInterval(ratios, confidence: confidence)
            return RatioEstimate(point: cand.observed[keyPath: key] / base.observed[keyPath: key], lower: lo, upper: hi)
        }
        let studentized = studentizedVarianceRatio(base: base, candidate: cand, confidence: confidence)
        var variance = studentized
            ?? bcaVarianceRatio(base: base, candidate: cand, confidence: confidence)
            ?? estimate(\.variance)
        var iqr = estimate(\.iqr), mad = estimate(\.mad)
        if case .movingBlock = method {
            func widen(_ r: RatioEstimate, _ f: @escaping BatchJackknife.Statistic) -> RatioEstimate {
                widenedByBatches(r, baseline: baseline, candidateGroups: groups, confidence: confidence, statistic: f)
            }
            iqr = widen(iqr, BatchJackknife.iqr)
            mad = widen(mad, BatchJackknife.mad)
            // Only a stable studentized interval: where it fell back to BCa one extreme value
            // dominates, and its batch's leave-out variance would make the jackknife explode.
            if studentized != nil { variance = widen(variance, BatchJackknife.variance) }
        }
        let lag1s = groups.map { Autocorrelation.lag1($0) }
        return SpreadComparison(
            varianceRatio: variance, iqrRatio: iqr, madRatio: mad,
            tailSpreadRatio: estimate(\.tailSpread), bootstrap: method, resamples: resamples,
            confidence: confidence, seed: seed, lag1Baseline: Autocorrelation.lag1(baseline),
            lag1Candidate: lag1s.max { abs($0) < abs($1) } ?? 0,
            // Medians from the sides' sorted values: no copy of the pooled groups (issue 17).
            brownForsythePValue: BrownForsythe.test(pieces: [[baseline], groups],
                                                    medians: [Quantile.ofSorted(base.sorted, 0.5), Quantile.ofSorted(cand.sorted, 0.5)]).pValue,
            mannWhitneyPValue: MannWhitney.test(sortedX: cand.sorted, sortedY: base.sorted).pValue)
    }
}

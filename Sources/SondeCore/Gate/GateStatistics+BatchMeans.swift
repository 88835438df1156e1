#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension GateStatistics {
    /// Batches a side of the mean rule's test under serial dependence.
    public static let meanBatches = 8

    /// The mean rule under serial dependence: a Welch t test of T = log(x̄_c / x̄_b) whose
    /// standard error comes from batch means, not from relabelling.
    ///
    /// Why: under slow episodes the block relabelling keeps the dependence inside blocks but
    /// not across their edges, so the relabelled T* are narrower than T's sampling law and an
    /// unchanged service failed the mean rule 1.3–2.6% of the time at level 0.005 whatever the
    /// block length (docs/statistics.md, "A/A episodes"). Each side is cut into
    /// `meanBatches` consecutive batches and SE² = V_b + V_c, each V the grouped jackknife
    /// variance of log x̄ over the side's batches (`BatchJackknife`, the batch-means variance
    /// to first order); T/SE is read on Student's t with the Welch–Satterthwaite degrees of
    /// freedom (Satterthwaite 1946) of that sum. Few long batches keep the variance's bias
    /// from dependence small and put its noise into the t quantile (Schmeiser 1982). Eight by
    /// measurement: under episodes of mean 20 (case (c')) the A/A rate of each side over 6,000
    /// pairs was 0.9–1.0% with 10 batches, 0.65–0.85% with 8, 0.55–0.6% with 5 and 1.7–1.8%
    /// with 20 (the one-sided level being 0.5%; docs/statistics.md), and fewer batches cost
    /// power through a larger t quantile. The
    /// interval is exp(T ± t₍₁₋level₎·SE) and the detectable change uses SE as the spread and
    /// ±t₍₁₋level₎·SE as the critical values.
    ///
    /// nil when a side has fewer than two values a batch, or a mean is not positive.
    static func batchMeansChange(baseline: [Double], candidate: [Double], level: Double, resampling: String,
                                 batches: Int = meanBatches) -> MetricChange? {
        guard baseline.count >= 2 * batches, candidate.count >= 2 * batches else { return nil }
        let mb = baseline.reduce(0, +) / Double(baseline.count)
        let mc = candidate.reduce(0, +) / Double(candidate.count)
        guard mb > 0, mc > 0, mb.isFinite, mc.isFinite,
              let b = BatchJackknife.logStandardError(groups: [baseline], batches: batches, statistic: BatchJackknife.mean),
              let c = BatchJackknife.logStandardError(groups: [candidate], batches: batches, statistic: BatchJackknife.mean)
        else { return nil }
        let vb = b.se * b.se, vc = c.se * c.se, v = vb + vc
        guard v > 0, v.isFinite else { return nil }
        let df = v * v / (vb * vb / b.degreesOfFreedom + vc * vc / c.degreesOfFreedom)
        let se = v.squareRoot(), d = log(mc / mb), t = d / se
        let q = StudentT.quantile(1 - level, degreesOfFreedom: df)
        let label = "mean, log ratio; interval and p from a batch-means t test (\(batches) batches a side, "
            + "ν = \((df * 10).rounded() / 10)); serial dependence found (bootstrap: \(resampling))"
        return MetricChange(baseline: mb, candidate: mc,
                            ratio: RatioEstimate(point: mc / mb, lower: exp(d - q * se), upper: exp(d + q * se)),
                            pIncrease: StudentT.survival(t, degreesOfFreedom: df),
                            pDecrease: StudentT.cdf(t, degreesOfFreedom: df), method: label,
                            detectable: DetectableChange(spread: se, criticalIncrease: q * se, criticalDecrease: -q * se,
                                                         baselineCount: baseline.count, candidateCount: candidate.count))
    }
}

/// The change of one metric from baseline to candidate, with an interval and one-sided
/// p-values for "it got larger" and "it got smaller".
///
/// The gate's rule for `max_increase: L` fails iff `ratio.point > 1 + L` and
/// `pIncrease < level`; for `max_decrease: L` iff `ratio.point < 1 − L` and `pDecrease < level`.
public struct MetricChange: Sendable, Codable, Equatable {
    /// Point estimate on the baseline.
    public var baseline: Double
    /// Point estimate on the candidate.
    public var candidate: Double
    /// candidate / baseline, with a (1 − 2·level) two-sided interval.
    public var ratio: RatioEstimate
    /// One-sided p-value of H0: ratio ≤ 1.
    public var pIncrease: Double
    /// One-sided p-value of H0: ratio ≥ 1.
    public var pDecrease: Double
    /// The estimator, how the interval and the p-values were obtained, e.g. "Harrell–Davis p99,
    /// log ratio; interval from bootstrap SE (iid, 1000 resamples); p from 2000 permutations
    /// (single values)".
    public var method: String
    /// The smallest change the test would have detected with 80% power, from the permutation
    /// distribution (latency and mean metrics; nil for failure proportions and in older results).
    public var detectable: DetectableChange?

    /// A metric change from its parts.
    public init(baseline: Double, candidate: Double, ratio: RatioEstimate, pIncrease: Double, pDecrease: Double,
                method: String, detectable: DetectableChange? = nil) {
        self.detectable = detectable
        self.baseline = baseline
        self.candidate = candidate
        self.ratio = ratio
        self.pIncrease = pIncrease
        self.pDecrease = pDecrease
        self.method = method
    }
}

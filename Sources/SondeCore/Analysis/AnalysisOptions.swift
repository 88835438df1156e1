/// Settings of the comparison against a baseline (`analysis` in the configuration, overridable
/// on the command line). Everything that changes a number in a report is here, and is written
/// into the report next to the numbers.
public struct AnalysisOptions: Sendable, Codable, Equatable {
    /// The provider every other one is compared with.
    public var baseline: String
    /// Confidence level of intervals.
    public var confidence: Double
    /// Bootstrap resamples per side.
    public var resamples: Int
    /// Bootstrap seed: the same data and seed give the same intervals.
    public var seed: UInt64
    /// Inference verdict: the largest acceptable p99 of total latency, in microseconds.
    public var inferenceSloP99Us: Double
    /// Both verdicts: the largest acceptable share of failed attempts.
    public var maxErrorRate: Double
    /// Training verdict: the smallest acceptable throughput relative to the baseline.
    public var minThroughputRatio: Double

    public init(baseline: String, confidence: Double = 0.95, resamples: Int = 2000, seed: UInt64 = 20_261_125,
                inferenceSloP99Us: Double = 250_000, maxErrorRate: Double = 0.01, minThroughputRatio: Double = 0.8) {
        self.baseline = baseline
        self.confidence = confidence
        self.resamples = resamples
        self.seed = seed
        self.inferenceSloP99Us = inferenceSloP99Us
        self.maxErrorRate = maxErrorRate
        self.minThroughputRatio = minThroughputRatio
    }
}

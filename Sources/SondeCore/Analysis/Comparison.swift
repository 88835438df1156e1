/// One subject (a provider, a region, or the pooled DePIN group) compared with the baseline.
public struct Comparison: Sendable, Codable, Equatable {
    /// What is compared.
    public enum Subject: String, Sendable, Codable {
        case provider
        case region
        /// All DePIN providers, each aligned on its own median (pooled within-provider spread).
        case depinPooled = "depin_pooled"
        /// All DePIN samples as one population: between-provider differences included.
        case depinMixture = "depin_mixture"
    }

    public var subject: Subject
    /// Provider name, region name, or a group label.
    public var name: String
    /// The providers behind this subject.
    public var providers: [String]
    /// Successful attempts on the subject's side.
    public var count: Int
    /// Successful attempts of the baseline.
    public var baselineCount: Int
    /// Median total latency, µs.
    public var medianUs: Double
    /// Spread ratios with intervals and the tests (candidate / baseline).
    public var spread: SpreadComparison
    /// Mean throughput (bytes / total time of the latency probe) relative to the baseline.
    public var throughputRatio: RatioEstimate?
}

/// Which phase carries a provider's latency variance.
public struct PhaseSpread: Sendable, Codable, Equatable {
    public var provider: String
    public var phase: Phase
    /// Variance of the phase's duration, µs².
    public var variance: Double
    /// This phase's share of the sum of the provider's phase variances.
    public var share: Double
    /// Variance relative to the baseline's same phase, when the baseline has it.
    public var ratioToBaseline: Double?
}

/// Whether a provider fits a workload, with the reason in words.
public struct WorkloadVerdict: Sendable, Codable, Equatable {
    public enum Workload: String, Sendable, Codable {
        case inference
        case training
    }

    public var provider: String
    public var workload: Workload
    public var fits: Bool
    /// The reason in words, composed once from the facts below and the comparison.
    public var reason: String
    /// Training verdicts: what the heartbeats measured (absent without availability data).
    public var interruption: InterruptionRisk? = nil
}

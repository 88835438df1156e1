/// The `provisioning` section of the JSON report (docs/json-report.md): per provider, the
/// success rate and each stage's quantiles in seconds. Absent when the run provisioned nothing.
public struct ProvisioningDocument: Sendable, Codable, Equatable {
    public struct Stage: Sendable, Codable, Equatable {
        public var stage: String
        public var n: Int
        public var p50S: Double
        public var p90S: Double
        public var maxS: Double
    }

    public struct Provider: Sendable, Codable, Equatable {
        public var provider: String
        public var attempts: Int
        public var ready: Int
        public var successRate: Double
        public var leaked: Int
        /// Attempts per outcome, only the outcomes that occurred.
        public var outcomes: [String: Int]
        public var stages: [Stage]
    }

    /// What the times mean when they are not wall-clock provider times (e.g. the emulated fleet's scale).
    public var note: String?
    public var providers: [Provider]

    public init(_ analysis: ProvisioningAnalysis, note: String?) {
        self.note = note
        providers = analysis.providers.map { summary in
            Provider(provider: summary.provider, attempts: summary.attempts, ready: summary.ready, successRate: summary.successRate,
                     leaked: summary.leaked,
                     outcomes: Dictionary(uniqueKeysWithValues: summary.outcomes.map { ($0.outcome.rawValue, $0.count) }),
                     stages: summary.stages.map {
                         Stage(stage: $0.stage.rawValue, n: $0.n, p50S: $0.p50Seconds, p90S: $0.p90Seconds, maxS: $0.maxSeconds)
                     })
        }
    }
}

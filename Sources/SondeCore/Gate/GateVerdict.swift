/// The outcome of comparing a candidate run with a baseline under a set of rules. A plain value:
/// the CLI decides what to print and which exit code it means.
public struct GateVerdict: Sendable, Equatable {
    /// What one rule found for one provider.
    public enum Status: String, Sendable, Equatable, Codable {
        case pass
        /// The change exceeds the limit and is significant.
        case regression
        /// The mirror image: significantly better by more than the limit.
        case improvement
        /// The rule could not be evaluated (no data); never fails a build.
        case skipped
    }

    /// One rule applied to one provider.
    public struct Outcome: Sendable, Equatable {
        public var provider: String
        public var rule: GateRules.Rule
        public var status: Status
        /// The measured change, when there was data.
        public var change: MetricChange?
        /// One line a person reads in a CI log.
        public var summary: String
        /// Set when the outcome is a change point among the newest runs
        /// (`sonde gate --fail-on-change-point`) rather than a rule's comparison.
        public var changePoint: RecentChangePoint? = nil
    }

    public var outcomes: [Outcome]
    public var level: Double
    public var baselineName: String
    public var candidateName: String

    public var regressions: [Outcome] { outcomes.filter { $0.status == .regression } }
    public var improvements: [Outcome] { outcomes.filter { $0.status == .improvement } }
}

/// Time-to-provision per provider: how long each stage between the recorded phases took
/// (type-7 quantiles, as every other sonde latency statistic) and how often an attempt ended
/// ready. Pure: built from stored `ProvisionRecord`s.
public struct ProvisioningAnalysis: Sendable, Equatable {
    /// A span between two phases.
    public enum Stage: String, Sendable, CaseIterable, Codable {
        /// requested → accepted: the provider took the order and returned an id.
        case accepting
        /// accepted → running: queueing for capacity and booting.
        case starting
        /// running → reachable: until the endpoint answered healthily.
        case reaching
        /// requested → reachable: the time to a usable machine.
        case total
        /// From the destroy request to torn down.
        case teardown

        /// The phases that bound the stage (teardown starts at the last phase reached).
        var bounds: (from: ProvisionPhase?, to: ProvisionPhase) {
            switch self {
            case .accepting: return (.requested, .accepted)
            case .starting: return (.accepted, .running)
            case .reaching: return (.running, .reachable)
            case .total: return (.requested, .reachable)
            case .teardown: return (nil, .tornDown)  // starts at teardownRequestedNs
            }
        }
    }

    /// Quantiles of one stage's durations, in seconds, over the `n` attempts that reached both ends.
    public struct StageSummary: Sendable, Equatable {
        public var stage: Stage
        public var n: Int
        public var p50Seconds: Double
        public var p90Seconds: Double
        public var maxSeconds: Double
    }

    /// One provider's attempts.
    public struct ProviderSummary: Sendable, Equatable {
        public var provider: String
        public var attempts: Int
        public var ready: Int
        /// ready / attempts.
        public var successRate: Double
        /// Attempts per outcome (only outcomes that occurred), in the vocabulary's order.
        public var outcomes: [(outcome: ProvisionOutcome, count: Int)]
        /// Attempts whose machine could not be destroyed.
        public var leaked: Int
        /// Stages that at least one attempt completed, in stage order.
        public var stages: [StageSummary]

        public static func == (a: ProviderSummary, b: ProviderSummary) -> Bool {
            a.provider == b.provider && a.attempts == b.attempts && a.ready == b.ready && a.successRate == b.successRate
                && a.outcomes.map(\.outcome) == b.outcomes.map(\.outcome) && a.outcomes.map(\.count) == b.outcomes.map(\.count)
                && a.leaked == b.leaked && a.stages == b.stages
        }

        public func stage(_ stage: Stage) -> StageSummary? { stages.first { $0.stage == stage } }
    }

    /// Per provider, in the order providers first appear in the records.
    public var providers: [ProviderSummary]

    /// Summarises finished attempts (those with an outcome); attempts still in progress are left out.
    public init(records: [ProvisionRecord]) {
        var order: [String] = []
        var byProvider: [String: [ProvisionRecord]] = [:]
        for record in records where record.outcome != nil {
            if byProvider[record.provider] == nil { order.append(record.provider) }
            byProvider[record.provider, default: []].append(record)
        }
        providers = order.map { Self.summarise($0, byProvider[$0]!) }
    }

    private static func summarise(_ provider: String, _ records: [ProvisionRecord]) -> ProviderSummary {
        let ready = records.filter { $0.outcome == .ready }.count
        let outcomes = ProvisionOutcome.allCases.compactMap { outcome -> (ProvisionOutcome, Int)? in
            let count = records.filter { $0.outcome == outcome }.count
            return count > 0 ? (outcome, count) : nil
        }
        let stages = Stage.allCases.compactMap { stage -> StageSummary? in
            let seconds = records.compactMap { duration(of: stage, in: $0) }.sorted()
            guard !seconds.isEmpty else { return nil }
            return StageSummary(stage: stage, n: seconds.count, p50Seconds: Quantile.ofSorted(seconds, 0.5),
                                p90Seconds: Quantile.ofSorted(seconds, 0.9), maxSeconds: seconds.last!)
        }
        return ProviderSummary(provider: provider, attempts: records.count, ready: ready,
                               successRate: Double(ready) / Double(records.count), outcomes: outcomes,
                               leaked: records.filter(\.leaked).count, stages: stages)
    }

    /// Seconds `stage` took in `record`, when both of its ends were reached.
    static func duration(of stage: Stage, in record: ProvisionRecord) -> Double? {
        let (from, to) = stage.bounds
        guard let end = record.time(of: to) else { return nil }
        // Teardown starts at the destroy request, not the last phase: a probed machine stays up for the probes.
        guard let start = from.map({ record.time(of: $0) }) ?? record.teardownRequestedNs, end >= start else { return nil }
        return Double(end - start) / 1e9
    }
}

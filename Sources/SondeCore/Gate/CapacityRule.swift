/// The capacity gate rule: at the baseline run's knee rate, does the candidate keep meeting the
/// SLO? It fails when the candidate's share of requests meeting the SLO is lower than the
/// baseline's both significantly (one-sided Fisher's exact test, `FisherExact`, at `level`) and
/// by more than `limit` (an absolute difference of shares), so neither a tiny but significant
/// drop nor a large drop on a handful of requests fails it.
public struct CapacityRule: Sendable, Equatable {
    /// Requests at one rate, and how many met the SLO.
    public struct Counts: Sendable, Equatable {
        public var meetingSLO: Int
        public var requests: Int

        public init(meetingSLO: Int, requests: Int) {
            precondition(meetingSLO >= 0 && meetingSLO <= requests, "Need 0 ≤ meeting ≤ requests")
            self.meetingSLO = meetingSLO
            self.requests = requests
        }

        /// The counts of a sweep step.
        public init(_ step: CapacityAnalysis.Step) {
            self.init(meetingSLO: step.meetingSLO, requests: step.requests)
        }

        /// `meetingSLO / requests`; 0 without requests.
        public var share: Double { requests == 0 ? 0 : Double(meetingSLO) / Double(requests) }
    }

    /// What the rule found for one provider.
    public struct Finding: Sendable, Equatable {
        /// The baseline's knee rate the comparison is made at.
        public var rate: Double
        public var baseline: Counts
        public var candidate: Counts
        /// One-sided Fisher p-value for "the baseline's share is higher".
        public var pValue: Double
        /// `baseline.share − candidate.share`.
        public var drop: Double
        public var failed: Bool
    }

    /// The significance level (e.g. 0.05, the gate rules' level).
    public var level: Double
    /// The smallest drop in share that can fail (e.g. 0.05 for five percentage points).
    public var limit: Double

    public init(level: Double, limit: Double) {
        precondition(level > 0 && level < 1, "level must lie in (0, 1)")
        precondition(limit >= 0 && limit <= 1, "limit must lie in [0, 1]")
        self.level = level
        self.limit = limit
    }

    /// Compares the counts of both runs at the baseline's knee `rate`.
    public func evaluate(rate: Double, baseline: Counts, candidate: Counts) -> Finding {
        let p = FisherExact.pValue(baseline.meetingSLO, baseline.requests - baseline.meetingSLO,
                                   candidate.meetingSLO, candidate.requests - candidate.meetingSLO, alternative: .greater)
        let drop = baseline.share - candidate.share
        let failed = baseline.requests > 0 && candidate.requests > 0 && p < level && drop > limit
        return Finding(rate: rate, baseline: baseline, candidate: candidate, pValue: p, drop: drop, failed: failed)
    }

    /// Compares one provider's sweeps: the baseline's knee step against the candidate's step
    /// nearest that rate without being above it (`CapacityAnalysis.Provider.step(near:)`); `nil`
    /// when the baseline has no knee or the candidate no constant-rate step.
    public func evaluate(baseline: CapacityAnalysis.Provider, candidate: CapacityAnalysis.Provider) -> Finding? {
        guard let knee = baseline.knee,
              let base = baseline.steps.first(where: { $0.kind == .rate && $0.offeredRate == knee.rate }),
              let other = candidate.step(near: knee.rate) else { return nil }
        return evaluate(rate: knee.rate, baseline: Counts(base), candidate: Counts(other))
    }
}

/// A probe's resolved plan, as `RunPlan` orders them. SondeProbes turns each into a probe
/// (`ProbeMaking`); a plan holds resolved secrets and is never stored or printed.
public protocol ProbePlan: Sendable {
    /// The kind its samples are stored under.
    var kind: ProbeKind { get }
}

extension LatencyPlan: ProbePlan {
    /// `latency`, or `availability` for the heartbeat schedule.
    public var kind: ProbeKind { probe }
}

extension BandwidthPlan: ProbePlan {
    /// `bandwidth`.
    public var kind: ProbeKind { .bandwidth }
}

extension LoadPlan: ProbePlan {
    /// `load`.
    public var kind: ProbeKind { .load }
}

extension LLMPlan: ProbePlan {
    /// `llm`.
    public var kind: ProbeKind { .llm }
}

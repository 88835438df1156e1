/// One entry of the configuration's `workloads:` list, evaluated for every provider
/// (docs/decision.md).
public enum Workload: Sendable, Equatable {
    case training(TrainingWorkload)
    case inference(InferenceWorkload)

    /// The workload's name as configured.
    public var name: String {
        switch self {
        case let .training(job): job.name
        case let .inference(service): service.name
        }
    }
}

/// A training job: how much compute it needs and what checkpoints and restarts cost.
public struct TrainingWorkload: Sendable, Equatable {
    /// The workload's configured name.
    public var name: String
    /// Compute time with no interruption (`compute: 40h`).
    public var compute: Duration
    /// Time to write one checkpoint (`checkpoint_cost: 5m`).
    public var checkpointCost: Duration
    /// Time to resume from a checkpoint on a fresh machine (`restart_cost: 10m`).
    public var restartCost: Duration
    /// Data the job sends out of the provider, billed at the provider's `egress_per_gib`.
    public var egressBytes: Int64

    /// A training job.
    public init(name: String, compute: Duration, checkpointCost: Duration, restartCost: Duration, egressBytes: Int64 = 0) {
        self.name = name
        self.compute = compute
        self.checkpointCost = checkpointCost
        self.restartCost = restartCost
        self.egressBytes = egressBytes
    }
}

/// An inference service: an SLO a request must meet, and the share of requests that must meet it.
public struct InferenceWorkload: Sendable, Equatable {
    /// The workload's configured name.
    public var name: String
    /// Largest acceptable time to first token, when the SLO names one.
    public var ttft: Duration?
    /// Largest acceptable time per output token (after the first), when the SLO names one.
    public var tpot: Duration?
    /// Largest acceptable total latency, when the SLO names one.
    public var total: Duration?
    /// The share of requests that must meet the SLO (`percentile: 99` is 0.99).
    public var targetShare: Double

    /// An inference SLO; the target share defaults to 0.99.
    public init(name: String, ttft: Duration? = nil, tpot: Duration? = nil, total: Duration? = nil, targetShare: Double = 0.99) {
        self.name = name
        self.ttft = ttft
        self.tpot = tpot
        self.total = total
        self.targetShare = targetShare
    }
}

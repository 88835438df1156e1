/// The heartbeat probe (`probes.availability`): a light request per provider on its own
/// open-loop schedule, and the training job its checkpoint advice is computed for.
public struct AvailabilitySettings: Sendable, Equatable {
    /// Time between intended heartbeats, per provider.
    public var interval: Duration
    /// Whole-attempt timeout; an attempt past it is a `timeout` failure.
    public var timeout: Duration
    /// How long the probe runs (capped by `--duration`).
    public var duration: Duration
    /// An interruption is this many consecutive failed heartbeats.
    public var failuresToInterrupt: Int
    /// A path on each endpoint's origin to request instead of the endpoint itself.
    public var path: String?
    /// The job the checkpoint advice is for.
    public var job: CheckpointJob

    public init(interval: Duration = .seconds(1), timeout: Duration = .seconds(2), duration: Duration = .seconds(60),
                failuresToInterrupt: Int = 3, path: String? = nil, job: CheckpointJob = .init()) {
        self.interval = interval
        self.timeout = timeout
        self.duration = duration
        self.failuresToInterrupt = failuresToInterrupt
        self.path = path
        self.job = job
    }
}

/// A training job that checkpoints (`probes.availability.job`): how long it computes, what one
/// checkpoint costs, and what restarting after an interruption costs (before work resumes from
/// the last checkpoint).
public struct CheckpointJob: Sendable, Equatable {
    /// Compute time the job needs without interruptions (Daly's T_s).
    public var length: Duration
    /// Time to write one checkpoint (Young's C, Daly's δ).
    public var checkpointCost: Duration
    /// Time to get going again after an interruption: a new node, reload (Daly's R).
    public var restartCost: Duration

    public init(length: Duration = .seconds(40 * 3600), checkpointCost: Duration = .seconds(300),
                restartCost: Duration = .seconds(300)) {
        self.length = length
        self.checkpointCost = checkpointCost
        self.restartCost = restartCost
    }
}

/// In reports the job's times are microseconds, as every time in `sonde.report/1`.
extension CheckpointJob: Codable {
    private enum CodingKeys: String, CodingKey {
        case lengthUs, checkpointCostUs, restartCostUs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        length = .microseconds(try container.decode(Int64.self, forKey: .lengthUs))
        checkpointCost = .microseconds(try container.decode(Int64.self, forKey: .checkpointCostUs))
        restartCost = .microseconds(try container.decode(Int64.self, forKey: .restartCostUs))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(length.microseconds, forKey: .lengthUs)
        try container.encode(checkpointCost.microseconds, forKey: .checkpointCostUs)
        try container.encode(restartCost.microseconds, forKey: .restartCostUs)
    }
}

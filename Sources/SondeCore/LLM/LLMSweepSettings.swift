/// The capacity sweep of the LLM probe (`probes.llm.sweep`), in the manner of GuideLLM's sweep:
/// per provider, a synchronous baseline (one request at a time), a throughput ceiling (as many
/// in flight as `ceilingConcurrency`), then constant-arrival rates between the two (and a little
/// past the ceiling, so the ceiling never caps the knee), refined near the knee until the highest
/// passing and lowest failing rates differ by at most `refine`.
///
/// A step runs for `step` unless the server's backlog (requests sent that have no first token
/// yet) stays above `overloadBacklog` for `overloadFor`: the step then ends early and the requests
/// still waiting are abandoned (stored as `timeout`, so they count against the SLO).
public struct LLMSweepSettings: Sendable, Equatable {
    /// How long each step runs at most.
    public var step: Duration
    /// Constant-arrival rates spread evenly between the synchronous rate and 1.2 × the ceiling.
    public var rates: Int
    /// The largest relative gap between the knee and the next failing rate that ends refinement.
    public var refine: Double
    /// The most steps per provider, baseline and ceiling included.
    public var maxSteps: Int
    /// Requests in flight during the throughput-ceiling step.
    public var ceilingConcurrency: Int
    /// The backlog beyond which the server counts as overloaded (set it to the batch size B).
    public var overloadBacklog: Int
    /// How long the backlog must stay beyond `overloadBacklog` before a step ends early.
    public var overloadFor: Duration
    /// The share of requests that must meet the SLO for a rate to pass (the knee's criterion).
    public var target: Double

    public init(step: Duration = .seconds(10), rates: Int = 5, refine: Double = 0.05, maxSteps: Int = 16,
                ceilingConcurrency: Int = 64, overloadBacklog: Int = 16, overloadFor: Duration = .seconds(2),
                target: Double = 0.99) {
        self.step = step
        self.rates = rates
        self.refine = refine
        self.maxSteps = maxSteps
        self.ceilingConcurrency = ceilingConcurrency
        self.overloadBacklog = overloadBacklog
        self.overloadFor = overloadFor
        self.target = target
    }
}

/// What a sweep step measures; a step's position in the sweep fixes it (0 synchronous,
/// 1 ceiling, then rates), so stored samples need only the step index.
public enum LLMSweepStepKind: String, Sendable, Equatable, CaseIterable, Codable {
    /// One request at a time.
    case synchronous
    /// As fast as the server takes them, `ceilingConcurrency` in flight.
    case throughput
    /// Constant arrivals at a rate.
    case rate

    /// The kind of step `index`.
    public init(index: Int) {
        self = index == 0 ? .synchronous : index == 1 ? .throughput : .rate
    }
}

/// How a sweep's samples carry their step: `sequence = step × stride + request index`, so the
/// steps are recomputed from the stored samples and LLM records alone (no side table).
public enum LLMSweepSequence {
    /// Requests per step are below this.
    public static let stride: Int64 = 1_000_000

    /// The stored sequence of request `index` of step `step`.
    public static func sequence(step: Int, index: Int) -> Int64 { Int64(step) * stride + Int64(index) }

    /// The step a stored sequence belongs to.
    public static func step(of sequence: Int64) -> Int { Int(sequence / stride) }
}

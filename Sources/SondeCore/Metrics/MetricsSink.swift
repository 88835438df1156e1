/// Where live measurements go as they happen (the Prometheus registry in `SondeMetrics`, or a
/// test's recorder). Fed from the sample stream and from the run's own lifecycle, never from an
/// emulator's models; implementations must be cheap and thread-safe, since probes call them
/// from their own threads.
public protocol MetricsSink: Sendable {
    func record(_ event: MetricsEvent)
}

/// One thing a `MetricsSink` learns.
public enum MetricsEvent: Sendable, Equatable {
    /// A probe attempt, as stored.
    case sample(Sample, provider: Provider)
    /// A run began (`startedNs`: nanoseconds since the epoch).
    case runStarted(startedNs: Int64)
    /// A run ended with `status`.
    case runFinished(status: RunStatus, startedNs: Int64, finishedNs: Int64)
    /// Scheduled starts that were skipped because the previous run was still going.
    case startsSkipped(Int)
    /// A provisioning phase took `duration`: `phase` is `accepted`, `running`, `reachable` or
    /// `torn_down`, measured from the request (the provisioning probe feeds this).
    case provisioned(provider: Provider, phase: String, duration: Duration)
    /// The share of heartbeats that found `provider` up over the observation so far (0...1).
    case availability(provider: Provider, ratio: Double)
    /// An interruption episode of `provider` began (k consecutive heartbeat failures).
    case interruption(provider: Provider)
}

import SondeCore

/// One probe kind behind one small seam: the `Runner` makes its progress counts, hands it a
/// context and awaits its outcome. A probe runs its network loop on a thread of its own
/// (`Curl.onOwnThread`) and reports every attempt to `context.sink`, timed from its intended
/// send time where it has a schedule.
public protocol Probe: Sendable {
    /// The kind its samples are stored under.
    var kind: ProbeKind { get }
    /// Live counts for its providers (the runner shows them while it runs).
    func makeProgress() -> RunProgress
    /// Runs until done or `context.stop`; returns how it ended and what to tell the user.
    func run(_ context: ProbeContext) async -> ProbeOutcome
}

/// A plan made in Core that knows its probe: how `Runner` turns a `RunPlan`'s steps into probes
/// without a central switch (each probe file adds its plan's conformance).
public protocol ProbeMaking {
    /// The probe that carries out this plan.
    func makeProbe() -> any Probe
}

/// Everything a probe needs from the run: where samples go, the time base every timestamp is
/// read from, its live counts, and the stop request. Side sinks of the probes that have them are
/// optional; a probe given none discards what would go there.
public struct ProbeContext: Sendable {
    /// The run's clock: intended and actual send times are nanoseconds since the epoch from it.
    public var timeBase: TimeBase
    /// Every attempt, as a sample.
    public var sink: any SampleSink
    /// Counts per provider, as `Probe.makeProgress()` made them (the runner sets them; the
    /// default counts nothing).
    public var progress: RunProgress
    /// Set by Ctrl-C, SIGTERM or a failing store: no new attempts start; those in flight finish.
    public var stop: StopSignal
    /// The load probe's per-interval summaries.
    public var loadIntervals: (any LoadIntervalSink)?
    /// The LLM probe's per-request token records.
    public var llmRecords: (any LLMRecordSink)?

    public init(timeBase: TimeBase, sink: any SampleSink, progress: RunProgress = RunProgress(names: [], planned: 0),
                stop: StopSignal = StopSignal(), loadIntervals: (any LoadIntervalSink)? = nil,
                llmRecords: (any LLMRecordSink)? = nil) {
        self.timeBase = timeBase
        self.sink = sink
        self.progress = progress
        self.stop = stop
        self.loadIntervals = loadIntervals
        self.llmRecords = llmRecords
    }
}

/// How a probe's run ended, and one line per provider worth telling the user afterwards.
public struct ProbeOutcome: Sendable, Equatable {
    /// Why a probe stopped.
    public enum Ending: Sendable, Equatable {
        /// Every provider reached its planned attempts or the duration ran out.
        case complete
        /// A stop was requested.
        case interrupted
    }

    public var ending: Ending
    /// Status lines (e.g. "llm a: 20 ok, 0 errors"); empty when the progress line said it all.
    public var summary: [String]

    public init(_ ending: Ending, summary: [String] = []) {
        self.ending = ending
        self.summary = summary
    }
}

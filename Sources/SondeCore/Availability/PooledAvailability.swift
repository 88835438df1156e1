/// One provider's availability over several runs' heartbeats, pooled.
///
/// Each run observes the provider from its first heartbeat's intended send time to its last
/// one's; the time between runs is not observed, neither up nor down, so it enters neither the
/// observed time nor the down-time. The runs' heartbeats are read as one sequence in time, so
/// consecutive failures at the end of one run and the start of the next form one interruption,
/// counted once, whose down-time is its overlap with the two runs' observation windows (the
/// failures on both sides may each be too few to count as an interruption on their own).
/// Availability = 1 − down / observed; MTBF as in `MTBFEstimate` with the up-time observed as
/// the time at risk (Epstein 1960: a Poisson process needs only the total time on test, which
/// may be split into disjoint pieces).
public struct PooledAvailability: Sendable, Equatable, Codable {
    /// Runs with at least one heartbeat.
    public var runs: Int
    public var attempts: Int
    public var failures: Int
    /// Interruptions over all runs, each counted once however many runs it spans.
    public var interruptions: Int
    /// Interruptions that span the gap between two runs (a subset of `interruptions`).
    public var spanningRuns: Int
    public var episodes: [InterruptionEpisode]
    /// Sum of the runs' observation windows, microseconds.
    public var observedUs: Double
    /// Down-time inside the observation windows, microseconds.
    public var downUs: Double
    /// Up-time over observed time, 0 to 1; `nil` when nothing was observed.
    public var availability: Double?
    public var mtbf: MTBFEstimate

    /// Pools `runs`, each one run's heartbeats of the same provider (any order inside a run;
    /// runs must not overlap in time), with `failuresToInterrupt` consecutive failures making an
    /// interruption and the MTBF interval at `confidence`.
    public init(runs: [[Sample]], failuresToInterrupt: Int, confidence: Double) {
        let observed = runs.filter { !$0.isEmpty }
        let windows = observed.map { run in
            (start: run.map(\.intendedNs).min()!, end: run.map(\.intendedNs).max()!)
        }.sorted { $0.start < $1.start }
        let all = observed.flatMap { $0 }
        let episodes = InterruptionEpisode.find(in: all, failuresToInterrupt: failuresToInterrupt)
        let lastNs = windows.last?.end ?? 0
        var downNs: Int64 = 0
        var spanning = 0
        for episode in episodes {
            let end = episode.endNs ?? lastNs
            var touched = 0
            for window in windows {
                let overlap = Swift.min(end, window.end) - Swift.max(episode.startNs, window.start)
                if overlap > 0 { downNs += overlap }
                // A window the episode reaches into, even at its first heartbeat, is one it spans.
                if episode.startNs <= window.end && end >= window.start && !(end == window.start && episode.endNs != nil) {
                    touched += 1
                }
            }
            if touched > 1 { spanning += 1 }
        }
        let observedNs = windows.reduce(Int64(0)) { $0 + ($1.end - $1.start) }
        self.runs = observed.count
        self.attempts = all.count
        self.failures = all.filter { $0.errorClass != nil }.count
        self.interruptions = episodes.count
        self.spanningRuns = spanning
        self.episodes = episodes
        self.observedUs = Double(observedNs) / 1000
        self.downUs = Double(downNs) / 1000
        let upUs = Swift.max(0, observedUs - downUs)
        self.availability = observedNs > 0 ? upUs / observedUs : nil
        self.mtbf = MTBFEstimate(interruptions: episodes.count, timeAtRiskUs: upUs, confidence: confidence)
    }
}

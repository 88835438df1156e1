/// Per-provider availability from the heartbeat probe: interruptions, availability, MTBF with
/// its exact interval, MTTR, and checkpoint advice for the configured job.
///
/// Time-weighted availability: the observation of a provider runs from its first heartbeat's
/// intended send time to its last one's; down-time is the sum of its interruption episodes
/// (an open episode counts until the last heartbeat); availability = 1 − down / observed.
/// Failures shorter than `failuresToInterrupt` are blips: counted, not down-time. The time at
/// risk (for the MTBF) is the up-time, observed − down, since a provider can only fail while up.
public struct AvailabilityAnalysis: Sendable, Equatable, Codable {
    /// One provider's figures.
    public struct Row: Sendable, Equatable, Codable {
        public var provider: Provider
        public var attempts: Int
        public var failures: Int
        /// Interruptions: every episode, including one still open at the end.
        public var interruptions: Int
        public var episodes: [InterruptionEpisode]
        /// Intended send time of the first heartbeat: where the observation starts.
        public var startNs: Int64
        public var observedUs: Double
        public var downUs: Double
        /// Up-time over observed time, 0 to 1; `nil` with fewer than two heartbeats.
        public var availability: Double?
        public var mtbf: MTBFEstimate
        /// Mean duration of the episodes that ended; `nil` when none did.
        public var mttrUs: Double?
        /// `nil` when nothing was observed (no time at risk).
        public var advice: CheckpointAdvice?

    }

    public var failuresToInterrupt: Int
    public var confidence: Double
    public var job: CheckpointJob
    public var rows: [Row]

    /// Analyses every provider's heartbeats in `series`.
    public init(_ series: [ProviderSeries], failuresToInterrupt: Int, confidence: Double, job: CheckpointJob) {
        self.failuresToInterrupt = failuresToInterrupt
        self.confidence = confidence
        self.job = job
        rows = series.map { Self.row($0, failuresToInterrupt: failuresToInterrupt, confidence: confidence, job: job) }
    }

    static func row(_ series: ProviderSeries, failuresToInterrupt: Int, confidence: Double, job: CheckpointJob) -> Row {
        let samples = series.samples
        let episodes = InterruptionEpisode.find(in: samples, failuresToInterrupt: failuresToInterrupt)
        let first = samples.map(\.intendedNs).min() ?? 0
        let last = samples.map(\.intendedNs).max() ?? 0
        let observedUs = Double(last - first) / 1000
        let downUs = episodes.reduce(0.0) { $0 + Double(($1.endNs ?? last) - $1.startNs) / 1000 }
        let upUs = max(0, observedUs - downUs)
        let mtbf = MTBFEstimate(interruptions: episodes.count, timeAtRiskUs: upUs, confidence: confidence)
        let ended = episodes.compactMap { episode in episode.endNs.map { Double($0 - episode.startNs) / 1000 } }
        var advice: CheckpointAdvice?
        if upUs > 0 {
            advice = CheckpointAdvice(job: job, mtbfUs: mtbf.pointUs ?? mtbf.lowerUs,
                                      basis: mtbf.pointUs == nil ? "lower_bound" : "point")
        }
        return Row(provider: series.provider, attempts: samples.count, failures: samples.filter { $0.errorClass != nil }.count,
                   interruptions: episodes.count,
                   episodes: episodes, startNs: first, observedUs: observedUs, downUs: downUs,
                   availability: observedUs > 0 ? upUs / observedUs : nil, mtbf: mtbf,
                   mttrUs: ended.isEmpty ? nil : ended.reduce(0, +) / Double(ended.count), advice: advice)
    }
}

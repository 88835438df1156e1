/// Per-provider availability from the heartbeat probe: interruptions, availability, MTBF with
/// its exact interval, MTTR, and checkpoint advice for the configured job.
///
/// Time-weighted availability: the observation of a provider runs from its first heartbeat's
/// intended send time to its last one's; down-time is the sum of its interruption episodes
/// (an open episode counts until the last heartbeat); availability = 1 − down / observed.
/// Failures shorter than `failuresToInterrupt` are blips: counted, not down-time. The time at
/// risk (for the MTBF) is the up-time, observed − down, since a provider can only fail while up.
/// Where the heartbeat schedule has a gap (sonde was down and the run was resumed), the
/// observation is the sum of the segments on either side (`ObservationGaps`): the gap is neither
/// up nor down, and each segment's episodes are found on their own.
public struct AvailabilityAnalysis: Sendable, Equatable, Codable {
    /// One provider's figures.
    public struct Row: Sendable, Equatable, Codable {
        public var provider: Provider
        public var attempts: Int
        public var failures: Int
        /// Interruptions: every episode, including one still open at the end.
        public var interruptions: Int
        public var episodes: [InterruptionEpisode]
        /// Where sonde was down (a resumed run's gap in the schedule): neither up nor down;
        /// `nil` when there is none (so the JSON of an uninterrupted run is unchanged).
        public var gaps: [ObservationGaps.Gap]? = nil
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
        let ordered = samples.sorted { ($0.intendedNs, $0.sequence) < ($1.intendedNs, $1.sequence) }
        let first = ordered.first?.intendedNs ?? 0
        // Each observed segment on its own: the time between them (sonde was down) is neither up
        // nor down, and an episode open at a segment's end is censored there, as at a run's end.
        var episodes: [InterruptionEpisode] = []
        var observedUs = 0.0
        var downUs = 0.0
        var gaps: [ObservationGaps.Gap] = []
        for segment in ObservationGaps.segments(ordered) {
            if segment.startIndex > ordered.startIndex {
                gaps.append(ObservationGaps.Gap(startNs: ordered[segment.startIndex - 1].intendedNs,
                                                endNs: ordered[segment.startIndex].intendedNs))
            }
            let found = InterruptionEpisode.find(in: Array(segment), failuresToInterrupt: failuresToInterrupt)
            let last = segment.last?.intendedNs ?? 0
            observedUs += Double(last - (segment.first?.intendedNs ?? 0)) / 1000
            downUs += found.reduce(0.0) { $0 + Double(($1.endNs ?? last) - $1.startNs) / 1000 }
            episodes += found
        }
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
                   episodes: episodes, gaps: gaps.isEmpty ? nil : gaps, startNs: first, observedUs: observedUs, downUs: downUs,
                   availability: observedUs > 0 ? upUs / observedUs : nil, mtbf: mtbf,
                   mttrUs: ended.isEmpty ? nil : ended.reduce(0, +) / Double(ended.count), advice: advice)
    }
}

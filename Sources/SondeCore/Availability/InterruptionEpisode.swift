/// A period during which a provider was unreachable: at least `failuresToInterrupt`
/// consecutive failed heartbeats.
///
/// It starts at the intended send time of its first failed heartbeat and ends at the intended
/// send time of the first successful one after; an episode still open when the observation
/// ended has no end (it is right-censored).
public struct InterruptionEpisode: Sendable, Equatable, Codable {
    public var startNs: Int64
    /// `nil` while the provider had not come back by the last heartbeat.
    public var endNs: Int64?
    /// Failed heartbeats in the episode.
    public var failedAttempts: Int
    /// The error class of the episode's first failure (`refused`, `timeout`, `http_5xx`, ...).
    public var errorClass: ErrorClass

    public init(startNs: Int64, endNs: Int64?, failedAttempts: Int, errorClass: ErrorClass) {
        self.startNs = startNs
        self.endNs = endNs
        self.failedAttempts = failedAttempts
        self.errorClass = errorClass
    }

    /// Finds the episodes in `samples` (any order; sorted here by intended send time): every run
    /// of at least `failuresToInterrupt` consecutive failures. Shorter runs are blips, counted as
    /// failed attempts but not as interruptions.
    public static func find(in samples: [Sample], failuresToInterrupt: Int) -> [InterruptionEpisode] {
        precondition(failuresToInterrupt >= 1, "an interruption needs at least one failure")
        let ordered = samples.sorted { ($0.intendedNs, $0.sequence) < ($1.intendedNs, $1.sequence) }
        var episodes: [InterruptionEpisode] = []
        var runStart: Int?
        func close(_ start: Int, end: Int) {
            let failures = end - start
            guard failures >= failuresToInterrupt else { return }
            episodes.append(InterruptionEpisode(startNs: ordered[start].intendedNs,
                                                endNs: end < ordered.count ? ordered[end].intendedNs : nil,
                                                failedAttempts: failures, errorClass: ordered[start].errorClass ?? .other))
        }
        for (index, sample) in ordered.enumerated() {
            if sample.errorClass != nil {
                if runStart == nil { runStart = index }
            } else if let start = runStart {
                close(start, end: index)
                runStart = nil
            }
        }
        if let start = runStart { close(start, end: ordered.count) }
        return episodes
    }
}

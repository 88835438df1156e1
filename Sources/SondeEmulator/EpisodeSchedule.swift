import Foundation

/// When a provider's slow episodes happen: a pure function of a seed and of the time since the
/// fleet started, so that every request arriving during an episode is slowed (the lag
/// autocorrelation a real congested network shows) and a run can be replayed exactly.
///
/// Episode starts are a Poisson process with mean gap `every`. Time is cut into blocks of
/// 64 mean gaps, each with its own generator seeded from the block's index; the union of
/// independent Poisson processes on disjoint blocks is again a Poisson process, and a lookup
/// costs a few dozen draws whatever the elapsed time, with no state to share between requests.
public struct EpisodeSchedule: Sendable, Equatable {
    /// Mean gap between two starts, in seconds.
    public let every: Double
    /// Length of one episode, in seconds.
    public let duration: Double
    /// The factor applied to the wait of a request that arrives during an episode.
    public let multiplier: Double
    private let seed: UInt64
    private let blockLength: Double

    /// Creates the schedule of `episodes` for the stream identified by `seed`.
    public init(_ episodes: EmulatedProviderSpec.Episodes, seed: UInt64) {
        every = episodes.every.secondsValue
        duration = episodes.duration.secondsValue
        multiplier = episodes.multiplier
        self.seed = seed
        blockLength = 64 * every
    }

    /// The share of time spent in an episode, `1 - exp(-duration/every)`: the chance that a
    /// Poisson process of rate `1/every` has a start in the preceding `duration`.
    public var expectedShareOfTime: Double {
        1 - exp(-duration / every)
    }

    /// Whether an episode is in progress `elapsed` after the fleet started.
    public func isActive(at elapsed: Duration) -> Bool {
        let time = elapsed.secondsValue
        // An episode in progress at `time` started in [time - duration, time].
        let earliest = time - duration
        var block = (earliest / blockLength).rounded(.down)
        while block * blockLength <= time {
            if hasStart(inBlock: block, from: earliest, through: time) { return true }
            block += 1
        }
        return false
    }

    /// `multiplier` during an episode, 1 outside.
    public func factor(at elapsed: Duration) -> Double {
        isActive(at: elapsed) ? multiplier : 1
    }

    private func hasStart(inBlock block: Double, from earliest: Double, through latest: Double) -> Bool {
        var rng = SplitMix64(seed: SplitMix64.mix(seed ^ UInt64(bitPattern: Int64(block))))
        let end = (block + 1) * blockLength
        var start = block * blockLength + rng.nextExponential(mean: every)
        while start < end && start <= latest {
            if start >= earliest { return true }
            start += rng.nextExponential(mean: every)
        }
        return false
    }
}

import Foundation

/// How long one emulated provider waits before answering: a pure, seeded function of the time
/// since the fleet started and of a random generator.
///
/// `wait = median * exp(sigma * Z) * episodeFactor(elapsed) + spike`, where `Z` is standard
/// normal (Box–Muller), the episode factor comes from ``EpisodeSchedule`` and a spike, drawn
/// with its probability, is an independent log-normal. Spikes are added after the episode
/// factor because they stand for one-off events (a GC pause, a re-route), not congestion.
/// From a planted ``EmulatedProviderSpec/Change`` on, `median` and `sigma` are the changed ones.
public struct LatencyModel: Sendable, Equatable {
    /// The body of the distribution.
    public let latency: EmulatedProviderSpec.Latency
    /// The occasional extra delay, if any.
    public let spikes: EmulatedProviderSpec.Spikes?
    /// The slow episodes, if any.
    public let episodes: EpisodeSchedule?
    /// The planted change of the body's median (and log-sd), if any.
    public let change: EmulatedProviderSpec.Change?

    /// Waits are capped so that a wild sigma cannot overflow `Duration` or hang a probe forever.
    static let maximumDelay: Double = 3600

    /// Creates the model of `provider` in a fleet seeded with `fleetSeed`. The episode schedule
    /// is derived from the seed and the provider's name, so it is the same in every run.
    public init(_ provider: EmulatedProviderSpec, fleetSeed: UInt64) {
        latency = provider.latency
        spikes = provider.spikes
        episodes = provider.episodes.map {
            EpisodeSchedule($0, seed: SplitMix64.derive(fleetSeed, provider.name + "/episodes"))
        }
        change = provider.change
    }

    /// The body's median and log-sd for a request that arrives `elapsed` after the fleet
    /// started: the provider's, or the changed ones from `change.after` on.
    public func body(at elapsed: Duration) -> EmulatedProviderSpec.Latency {
        guard let change, elapsed >= change.after else { return latency }
        return .init(median: .nanoseconds(Int64(latency.median.secondsValue * change.medianFactor * 1e9)),
                     sigma: change.sigma ?? latency.sigma)
    }

    /// The log-normal median (`exp(mu)`) before any planted change: what measured medians are
    /// compared against. Spikes and episodes move the true median up by well under 1% in the
    /// default fleet.
    public var modelMedian: Duration {
        latency.median
    }

    /// The wait before answering a request that arrived `elapsed` after the fleet started.
    public func delay(at elapsed: Duration, using rng: inout some RandomNumberGenerator) -> Duration {
        let body = body(at: elapsed)
        var seconds = body.median.secondsValue * exp(body.sigma * rng.nextStandardNormal())
        if let episodes {
            seconds *= episodes.factor(at: elapsed)
        }
        // The uniform is drawn on every call so that the generator advances the same way
        // whether or not a spike happens.
        if let spikes, rng.nextOpenUnit() < spikes.probability {
            seconds += spikes.median.secondsValue * exp(spikes.sigma * rng.nextStandardNormal())
        }
        return .nanoseconds(Int64(min(seconds, Self.maximumDelay) * 1e9))
    }
}

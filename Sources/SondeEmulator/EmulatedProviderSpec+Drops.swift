extension EmulatedProviderSpec {
    /// Periods when the provider is gone (fleet key `drops`), e.g. a DePIN node that goes
    /// offline: every request arriving during one is answered `503 Service Unavailable` at once,
    /// as the ingress in front of a vanished node answers. Starts are either a Poisson process
    /// (`every`: exponential gaps with that mean, seeded, as slow episodes) or fixed (`at`,
    /// counted from the fleet's start); each drop lasts `duration`.
    public struct Drops: Codable, Sendable, Equatable {
        /// Mean gap between two starts (Poisson), when set.
        public var every: Duration?
        /// Fixed start times after the fleet's start, when set.
        public var at: [Duration]?
        /// How long one drop lasts.
        public var duration: Duration

        /// Drops starting as a Poisson process with mean gap `every`.
        public init(every: Duration, duration: Duration) {
            self.every = every
            self.duration = duration
        }

        /// Drops starting at the given times after the fleet's start.
        public init(at starts: [Duration], duration: Duration) {
            at = starts
            self.duration = duration
        }
    }
}

/// When a provider is dropped: a pure function of the time since the fleet started (and, for
/// Poisson drops, of a seed), so every request during a drop fails and a run can be replayed.
struct DropSchedule: Sendable {
    private let fixed: [(start: Duration, end: Duration)]
    private let poisson: EpisodeSchedule?

    init(_ drops: EmulatedProviderSpec.Drops, seed: UInt64) {
        fixed = (drops.at ?? []).map { ($0, $0 + drops.duration) }
        poisson = drops.every.map { EpisodeSchedule(.init(every: $0, duration: drops.duration, multiplier: 1), seed: seed) }
    }

    /// Whether the provider is down `elapsed` after the fleet started.
    func isDown(at elapsed: Duration) -> Bool {
        if fixed.contains(where: { $0.start <= elapsed && elapsed < $0.end }) { return true }
        return poisson?.isActive(at: elapsed) ?? false
    }
}

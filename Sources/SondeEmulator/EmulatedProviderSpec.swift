import SondeCore

/// One emulated provider of a fleet file: who it claims to be (name, kind, region,
/// jurisdiction) and how it behaves (latency model, fault, response size).
///
/// The format is documented on ``FleetSpec``.
public struct EmulatedProviderSpec: Codable, Sendable, Equatable {
    /// The provider's name, unique within the fleet; it becomes the name in the `providers:` block.
    public var name: String
    /// Whether the provider stands for a DePIN network or a centralized cloud.
    public var kind: ProviderKind
    /// The region it claims, e.g. `us-east`.
    public var region: String
    /// The legal jurisdiction it claims, e.g. `US`, when the fleet file sets one.
    public var jurisdiction: String?
    /// The log-normal server wait before the first byte.
    public var latency: Latency
    /// Occasional extra delay added to a fraction of requests, if any.
    public var spikes: Spikes?
    /// Slow periods during which every request is slowed by the same factor, if any.
    public var episodes: Episodes?
    /// How the provider misbehaves; `.none` for a healthy one.
    public var fault: Fault
    /// When `fault` applies: in periodic windows, if set (otherwise always).
    public var faultSchedule: FaultSchedule? = nil
    /// The chance that a request (inside a window, if any) gets `fault`, if set (otherwise 1).
    public var faultProbability: Double? = nil
    /// A header every request must carry, exactly, or be answered 401; the emulator counts the
    /// requests that carried it (``EmulatedFleet/authorizedRequests(provider:)``).
    public var requireHeader: RequiredHeader? = nil
    /// Periods when the provider is gone and answers 503 at once, if any.
    public var drops: Drops? = nil
    /// The exact size of the `/health` body in bytes, or `nil` for the small default JSON.
    public var bodyBytes: Int?
    /// The bandwidth of `/blob/<size>` and `/upload`, or `nil` for unshaped (as fast as loopback).
    public var bandwidth: Bandwidth? = nil
    /// The token timing of `POST /v1/chat/completions` and `/v1/completions`, or `nil`: no LLM routes.
    public var llm: LLM? = nil
    /// How the LLM routes misbehave, for tests; `nil` for a healthy stream.
    public var llmFault: LLMFault? = nil
    /// How it provisions machines behind `/_sonde/provision`, or `nil`: no control API.
    public var provisioning: Provisioning? = nil
    /// A change of the latency model at a given time after the fleet starts, or `nil`: none.
    public var change: Change? = nil

    /// Creates a provider spec; only the identity and the latency are required.
    public init(name: String, kind: ProviderKind, region: String, jurisdiction: String? = nil,
                latency: Latency, spikes: Spikes? = nil, episodes: Episodes? = nil,
                fault: Fault = .none, bodyBytes: Int? = nil) {
        self.name = name
        self.kind = kind
        self.region = region
        self.jurisdiction = jurisdiction
        self.latency = latency
        self.spikes = spikes
        self.episodes = episodes
        self.fault = fault
        self.bodyBytes = bodyBytes
    }

    /// A log-normal distribution given by its median and the standard deviation of its logarithm.
    public struct Latency: Codable, Sendable, Equatable {
        /// The median wait (the log-normal's `exp(mu)`).
        public var median: Duration
        /// The standard deviation of `ln(wait)`; 0.1 is steady, 0.5 is very spread out.
        public var sigma: Double

        /// Creates a log-normal latency.
        public init(median: Duration, sigma: Double) {
            self.median = median
            self.sigma = sigma
        }
    }

    /// A provider's link: `bytesPerSecond` shared by its transfers, each transfer's rate scaled
    /// by a log-normal factor with log-sd `jitter` (0: every transfer at exactly the rate).
    public struct Bandwidth: Codable, Sendable, Equatable {
        public var bytesPerSecond: Double
        public var jitter: Double

        public init(bytesPerSecond: Double, jitter: Double = 0) {
            self.bytesPerSecond = bytesPerSecond
            self.jitter = jitter
        }
    }

    /// Extra delay drawn from its own log-normal, added to a random fraction of requests.
    public struct Spikes: Codable, Sendable, Equatable {
        /// The fraction of requests that get a spike, in [0, 1].
        public var probability: Double
        /// The median extra delay of a spike.
        public var median: Duration
        /// The standard deviation of the logarithm of the extra delay.
        public var sigma: Double

        /// Creates a spike model.
        public init(probability: Double, median: Duration, sigma: Double) {
            self.probability = probability
            self.median = median
            self.sigma = sigma
        }
    }

    /// Slow episodes: they start at the events of a Poisson process (exponential gaps with mean
    /// `every`) and multiply every request's wait by `multiplier` for `duration`.
    public struct Episodes: Codable, Sendable, Equatable {
        /// The mean gap between the starts of two episodes.
        public var every: Duration
        /// How long one episode lasts.
        public var duration: Duration
        /// The factor applied to the wait during an episode.
        public var multiplier: Double

        /// Creates an episode model.
        public init(every: Duration, duration: Duration, multiplier: Double) {
            self.every = every
            self.duration = duration
            self.multiplier = multiplier
        }
    }
}

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
    /// The exact size of the `/health` body in bytes, or `nil` for the small default JSON.
    public var bodyBytes: Int?
    /// The bandwidth of `/blob/<size>` and `/upload`, or `nil` for unshaped (as fast as loopback).
    public var bandwidth: Bandwidth? = nil
    /// The token timing of `POST /v1/chat/completions` and `/v1/completions`, or `nil`: no LLM routes.
    public var llm: LLM? = nil
    /// How the LLM routes misbehave, for tests; `nil` for a healthy stream.
    public var llmFault: LLMFault? = nil

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

    /// How an emulated provider fails.
    public enum Fault: Sendable, Equatable, Codable, CustomStringConvertible {
        /// Answers normally.
        case none
        /// Nothing listens on its port: connections are refused.
        case refuse
        /// Accepts requests and never answers them (until the fleet stops).
        case stall
        /// Answers with this 4xx or 5xx status after the model's delay.
        case status(Int)

        /// Parses the fleet-file spelling: `none`, `refuse`, `stall` or `status:N` (400...599).
        public init?(_ text: String) {
            switch text {
            case "none": self = .none
            case "refuse": self = .refuse
            case "stall": self = .stall
            default:
                guard text.hasPrefix("status:"), let code = Int(text.dropFirst("status:".count)),
                      (400...599).contains(code) else { return nil }
                self = .status(code)
            }
        }

        /// The fleet-file spelling, which is also the Codable form.
        public var description: String {
            switch self {
            case .none: "none"
            case .refuse: "refuse"
            case .stall: "stall"
            case .status(let code): "status:\(code)"
            }
        }

        /// Decodes the fleet-file spelling.
        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let fault = Fault(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "unknown fault \(text)"))
            }
            self = fault
        }

        /// Encodes the fleet-file spelling.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }
    }
}

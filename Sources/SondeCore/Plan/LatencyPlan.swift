/// The resolved schedule of a latency run: one open-loop schedule per provider. A plan holds
/// resolved secrets (headers, URLs) and is never stored or printed; store `Provider` instead.
public struct LatencyPlan: Sendable {
    /// One provider's schedule and request settings.
    public struct Target: Sendable {
        public var providerID: Int64
        public var name: String
        /// The URL with `${ENV}` references resolved.
        public var url: String
        /// Header lines (`Name: value`) with references resolved.
        public var headers: [String]
        public var interval: Duration
        /// Attempts to make, counted from `firstSequence`.
        public var samples: Int
        public var timeout: Duration
        public var reuse: Bool
        public var verifyTLS: Bool
        /// Delay of this provider's first send after the run starts, so providers interleave.
        public var offset: Duration
        /// The sequence number of the first attempt (non-zero when resuming).
        public var firstSequence: Int64

        public init(providerID: Int64, name: String, url: String, headers: [String], interval: Duration, samples: Int,
                    timeout: Duration, reuse: Bool, verifyTLS: Bool, offset: Duration, firstSequence: Int64) {
            self.providerID = providerID
            self.name = name
            self.url = url
            self.headers = headers
            self.interval = interval
            self.samples = samples
            self.timeout = timeout
            self.reuse = reuse
            self.verifyTLS = verifyTLS
            self.offset = offset
            self.firstSequence = firstSequence
        }

        /// The intended send time of attempt `k` (0-based from `firstSequence`) after the run start.
        public func intendedOffset(ofAttempt k: Int) -> Duration {
            offset + interval * k
        }
    }

    public var targets: [Target]
    /// The probe kind its samples are stored under: `latency`, or `availability` for heartbeats.
    public var probe: ProbeKind = .latency
    /// A run stops at the first of every target's `samples` or this much time.
    public var maxDuration: Duration?

    public init(targets: [Target], maxDuration: Duration?) {
        self.targets = targets
        self.maxDuration = maxDuration
    }

    /// Builds the plan for `config`. `providerIDs` maps provider names to their stored ids;
    /// `environment` resolves `${ENV}` references. Starts are offset by interval/N so that
    /// providers with equal intervals interleave instead of firing together.
    public static func make(config: Config, providerIDs: [String: Int64], environment: [String: String],
                            duration: Duration?) throws(ConfigError) -> LatencyPlan {
        make(config: config, requests: try config.resolvedRequests(environment: environment), providerIDs: providerIDs,
             duration: duration)
    }

    /// The plan from requests resolved once (`requests[i]` is provider `i`'s).
    public static func make(config: Config, requests: [ResolvedRequest], providerIDs: [String: Int64],
                            duration: Duration?) -> LatencyPlan {
        let count = config.providers.count
        var targets: [Target] = []
        for (index, provider) in config.providers.enumerated() {
            let request = requests[index]
            let interval = provider.interval ?? config.latency.interval
            guard let id = providerIDs[provider.name] else {
                preconditionFailure("provider \(provider.name) was not registered before planning")
            }
            targets.append(Target(
                providerID: id,
                name: provider.name,
                url: request.url,
                headers: request.headers,
                interval: interval,
                samples: provider.samples ?? config.latency.samples,
                timeout: provider.timeout ?? config.latency.timeout,
                reuse: provider.reuse ?? config.latency.reuse,
                verifyTLS: provider.verifyTLS,
                offset: interval * index / count,
                firstSequence: 0))
        }
        return LatencyPlan(targets: targets, maxDuration: duration)
    }
}

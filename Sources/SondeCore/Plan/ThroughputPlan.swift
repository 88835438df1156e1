/// What the bandwidth and load probes need of one provider: where to send and how. Like
/// `LatencyPlan.Target`, it holds resolved secrets and is never stored or printed.
public struct RequestTarget: Sendable {
    public var providerID: Int64
    public var name: String
    /// The URL with `${ENV}` references resolved.
    public var url: String
    /// Header lines (`Name: value`) with references resolved.
    public var headers: [String]
    public var timeout: Duration
    public var verifyTLS: Bool

    public init(providerID: Int64, name: String, url: String, headers: [String], timeout: Duration, verifyTLS: Bool) {
        self.providerID = providerID
        self.name = name
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.verifyTLS = verifyTLS
    }

    /// `url` with its path (and query) replaced by `path`, which starts with `/`.
    public static func url(_ endpoint: String, path: String) -> String {
        guard let schemeEnd = endpoint.range(of: "://") else { return endpoint }
        let rest = endpoint[schemeEnd.upperBound...]
        let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        return String(endpoint[..<hostEnd]) + path
    }

    /// One target per configured provider, at `path` on its endpoint's origin (the endpoint
    /// itself when `path` gives nil), with headers and the endpoint resolved from `environment`.
    static func make(config: Config, requests: [ResolvedRequest], providerIDs: [String: Int64], timeout: Duration,
                     path: (ProviderConfig) -> String?) -> [RequestTarget] {
        var targets: [RequestTarget] = []
        for (index, provider) in config.providers.enumerated() {
            let request = requests[index]
            guard let id = providerIDs[provider.name] else {
                preconditionFailure("provider \(provider.name) was not registered before planning")
            }
            let endpoint = request.url
            targets.append(RequestTarget(providerID: id, name: provider.name,
                                         url: path(provider).map { url(endpoint, path: $0) } ?? endpoint,
                                         headers: request.headers, timeout: timeout, verifyTLS: provider.verifyTLS))
        }
        return targets
    }
}

/// The bandwidth probe's plan: per provider, `repeats` downloads of one object and, when
/// configured, `repeats` uploads of a generated body, one transfer at a time per provider.
public struct BandwidthPlan: Sendable {
    /// Downloads go to `target.url`; uploads to `uploadURL`.
    public struct Target: Sendable {
        public var target: RequestTarget
        public var uploadURL: String

        public init(target: RequestTarget, uploadURL: String) {
            self.target = target
            self.uploadURL = uploadURL
        }
    }

    public var targets: [Target]
    public var repeats: Int
    public var uploadBytes: Int64?

    public init(targets: [Target], repeats: Int, uploadBytes: Int64?) {
        self.targets = targets
        self.repeats = repeats
        self.uploadBytes = uploadBytes
    }

    /// Builds the plan for `config.bandwidth`; a provider's `bandwidth_path` overrides the path.
    public static func make(config: Config, settings: BandwidthProbeSettings, providerIDs: [String: Int64],
                            environment: [String: String]) throws(ConfigError) -> BandwidthPlan {
        make(config: config, settings: settings, requests: try config.resolvedRequests(environment: environment),
             providerIDs: providerIDs)
    }

    /// The plan from requests resolved once (`requests[i]` is provider `i`'s).
    public static func make(config: Config, settings: BandwidthProbeSettings, requests: [ResolvedRequest],
                            providerIDs: [String: Int64]) -> BandwidthPlan {
        let downloads = RequestTarget.make(config: config, requests: requests, providerIDs: providerIDs,
                                           timeout: settings.timeout) { $0.bandwidthPath ?? settings.path }
        let targets = downloads.map { Target(target: $0, uploadURL: RequestTarget.url($0.url, path: settings.uploadPath)) }
        return BandwidthPlan(targets: targets, repeats: settings.repeats, uploadBytes: settings.uploadBytes)
    }
}

/// The load probe's plan: per provider, an open-loop arrival schedule over a connection pool.
public struct LoadPlan: Sendable {
    public var targets: [RequestTarget]
    public var settings: LoadProbeSettings
    /// Seeds the Poisson schedules (each provider's is derived from it and the provider's index).
    public var seed: UInt64

    public init(targets: [RequestTarget], settings: LoadProbeSettings, seed: UInt64 = 42) {
        self.targets = targets
        self.settings = settings
        self.seed = seed
    }

    /// File descriptors kept free for the database, the terminal and libcurl's own.
    public static let reservedDescriptors = 64

    /// Builds the plan for `config.load`, rejecting a pool that the open-file limit
    /// (`RLIMIT_NOFILE`, read by the caller) cannot hold: every connection is a descriptor.
    public static func make(config: Config, settings: LoadProbeSettings, providerIDs: [String: Int64],
                            environment: [String: String], openFileLimit: Int) throws(ConfigError) -> LoadPlan {
        try make(config: config, settings: settings, requests: try config.resolvedRequests(environment: environment),
                 providerIDs: providerIDs, openFileLimit: openFileLimit)
    }

    /// The plan from requests resolved once (`requests[i]` is provider `i`'s).
    public static func make(config: Config, settings: LoadProbeSettings, requests: [ResolvedRequest],
                            providerIDs: [String: Int64], openFileLimit: Int) throws(ConfigError) -> LoadPlan {
        let targets = RequestTarget.make(config: config, requests: requests, providerIDs: providerIDs,
                                         timeout: settings.timeout) { _ in settings.path }
        let needed = settings.connections * targets.count + reservedDescriptors
        guard needed <= openFileLimit else {
            let usable = max(0, (openFileLimit - reservedDescriptors) / max(targets.count, 1))
            throw ConfigError(source: config.source, line: settings.connectionsLine, field: "probes.load.connections",
                              problem: "\(settings.connections) connections × \(targets.count) providers exceed the open-file "
                                  + "limit (ulimit -n \(openFileLimit)); at most \(usable) per provider fit, or raise the limit")
        }
        if settings.engine == .native, let target = targets.first(where: { !$0.url.lowercased().hasPrefix("http://") }) {
            throw ConfigError(source: config.source, line: settings.engineLine, field: "probes.load.engine",
                              problem: "the native engine speaks plain http:// only; provider '\(target.name)' is not "
                                  + "(use engine: auto or curl)")
        }
        return LoadPlan(targets: targets, settings: settings)
    }
}

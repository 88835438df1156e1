/// Everything one `sonde run` will do, built and validated once from the configuration before
/// the database is touched: every `${ENV}` reference is resolved here, once, and every probe's
/// plan is made (so a bad setting fails with exit 64 before a run exists). Binding the stored
/// provider ids, or swapping a provisioned machine's URL in, rebuilds the plans from the
/// resolved requests without reading the environment again. Holds resolved secrets: never
/// stored or printed.
public struct RunPlan: Sendable {
    /// The configuration, with provisioned endpoints swapped in by `probing(endpoints:)`.
    public private(set) var config: Config
    /// The run's time limit (`--duration`), when given.
    public let duration: Duration?
    /// The soft open-file limit the load probe's pool must fit in (read by the caller).
    public let openFileLimit: Int
    /// Per provider (same order as `config.providers`), its request with references resolved.
    private var requests: [ResolvedRequest]
    /// Provider ids by name: placeholders (the provider's index) until `bound(to:)`.
    public private(set) var providerIDs: [String: Int64]
    /// The probes that run one after another, in order: latency, the kinds written on the seam,
    /// bandwidth, load, llm. A probe starts when the one before it completed.
    public private(set) var steps: [any ProbePlan] = []
    /// The probes that run alongside the steps, from the start (the heartbeat).
    public private(set) var alongside: [any ProbePlan] = []

    /// Resolves `config` against `environment` and makes every plan, with placeholder ids.
    public static func make(config: Config, environment: [String: String], duration: Duration?,
                            openFileLimit: Int = .max) throws(ConfigError) -> RunPlan {
        let placeholders = Dictionary(uniqueKeysWithValues: config.providers.enumerated().map { ($1.name, Int64($0)) })
        var plan = RunPlan(config: config, duration: duration, openFileLimit: openFileLimit,
                           requests: try config.resolvedRequests(environment: environment), providerIDs: placeholders)
        try plan.rebuild()
        return plan
    }

    /// The plan with the stored provider ids (by name; every configured provider must have one).
    public func bound(to providerIDs: [String: Int64]) throws(ConfigError) -> RunPlan {
        var plan = self
        plan.providerIDs = providerIDs
        try plan.rebuild()
        return plan
    }

    /// The plan that probes provisioned machines: for each provider named in `endpoints`, its
    /// machine's URL replaces the configured endpoint (its headers stay), or, when the value is
    /// nil (no machine became reachable), the provider is left out. Other providers are unchanged.
    public func probing(endpoints: [String: String?]) throws(ConfigError) -> RunPlan {
        var plan = self
        var providers: [ProviderConfig] = []
        var requests: [ResolvedRequest] = []
        for (provider, request) in zip(config.providers, self.requests) {
            guard let replacement = endpoints[provider.name] else {
                providers.append(provider)
                requests.append(request)
                continue
            }
            guard let url = replacement else { continue }
            var probed = provider
            probed.endpoint = url
            providers.append(probed)
            requests.append(ResolvedRequest(url: url, headers: request.headers))
        }
        plan.config.providers = providers
        plan.requests = requests
        try plan.rebuild()
        return plan
    }

    /// Makes every probe's plan from the configuration and the resolved requests.
    private mutating func rebuild() throws(ConfigError) {
        steps = []
        alongside = []
        guard !config.providers.isEmpty else { return }
        if config.runsLatency {
            steps.append(LatencyPlan.make(config: config, requests: requests, providerIDs: providerIDs, duration: duration))
        }
        for kind in config.sections.kinds {
            guard let settings = config.sections[kind] else { continue }
            steps.append(try settings.plan(config: config, requests: requests, providerIDs: providerIDs, duration: duration))
        }
        if let settings = config.bandwidth {
            steps.append(BandwidthPlan.make(config: config, settings: settings, requests: requests, providerIDs: providerIDs))
        }
        if let settings = config.load {
            steps.append(try LoadPlan.make(config: config, settings: settings, requests: requests, providerIDs: providerIDs,
                                           openFileLimit: openFileLimit))
        }
        if let settings = config.llm {
            steps.append(LLMPlan.make(config: config, settings: settings, requests: requests, providerIDs: providerIDs))
        }
        if let settings = config.availability {
            alongside.append(LatencyPlan.availability(config: config, settings: settings, requests: requests,
                                                      providerIDs: providerIDs, duration: duration))
        }
    }
}

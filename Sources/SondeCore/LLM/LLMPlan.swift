/// The LLM probe's plan: per provider, the completions URL and its headers (API keys resolved
/// from the environment, so a plan is never stored or printed), and the shared settings.
public struct LLMPlan: Sendable {
    public var targets: [RequestTarget]
    public var settings: LLMProbeSettings

    public init(targets: [RequestTarget], settings: LLMProbeSettings) {
        self.targets = targets
        self.settings = settings
    }

    /// Builds the plan for `config.llm`: `settings.path` on every endpoint's origin.
    public static func make(config: Config, settings: LLMProbeSettings, providerIDs: [String: Int64],
                            environment: [String: String]) throws(ConfigError) -> LLMPlan {
        make(config: config, settings: settings, requests: try config.resolvedRequests(environment: environment),
             providerIDs: providerIDs)
    }

    /// The plan from requests resolved once (`requests[i]` is provider `i`'s).
    public static func make(config: Config, settings: LLMProbeSettings, requests: [ResolvedRequest],
                            providerIDs: [String: Int64]) -> LLMPlan {
        let targets = RequestTarget.make(config: config, requests: requests, providerIDs: providerIDs,
                                         timeout: settings.timeout) { _ in settings.path }
        return LLMPlan(targets: targets, settings: settings)
    }
}

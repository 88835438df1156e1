import Yams

/// The `tcp` probe's settings (`probes.tcp`): TCP connect time, no HTTP request, on the same
/// open-loop schedule per provider as the latency probe. Each provider is probed at its
/// `tcp_target: host:port` when it has one, else at its endpoint URL's host and port (80 for
/// http, 443 for https, when the URL names none).
public struct TCPSettings: ProbeSettings, Equatable {
    /// Time between intended connects, per provider.
    public var interval: Duration
    /// Attempts per provider; a run stops at the first of this or `--duration`.
    public var samples: Int
    /// Longest wait for a connection (and the name lookup before it); at least 1 ms.
    public var timeout: Duration
    /// Explicit `tcp_target` of providers that have one, by provider name, as written.
    public var targets: [String: String]

    public init(interval: Duration = .milliseconds(200), samples: Int = 1000, timeout: Duration = .seconds(5),
                targets: [String: String] = [:]) {
        self.interval = interval
        self.samples = samples
        self.timeout = timeout
        self.targets = targets
    }

    static let keys: Set<String> = ["interval", "samples", "timeout"]
    /// `tcp_target: host:port` on a provider entry.
    public static let providerKeys: Set<String> = ["tcp_target"]

    /// Parses `probes.tcp` and every provider's `tcp_target`.
    public static func parse(_ node: Node, providers: [Node], reader: YAMLReader) throws(ConfigError) -> TCPSettings {
        let field = "probes.tcp"
        // `tcp: {}` and a bare `tcp:` (null) both mean the defaults.
        var fields: [String: Node] = [:]
        if case let .scalar(scalar) = node, ["", "~", "null"].contains(scalar.string) {
            fields = [:]
        } else {
            fields = try reader.mapping(node, field, allowed: keys)
        }
        var settings = TCPSettings()
        if let n = fields["interval"] { settings.interval = try reader.duration(n, "\(field).interval") }
        if let n = fields["samples"] { settings.samples = try reader.integer(n, "\(field).samples", in: 1...100_000_000) }
        if let n = fields["timeout"] { settings.timeout = try ConfigLoader.timeout(n, "\(field).timeout", reader) }
        for (index, provider) in providers.enumerated() {
            guard case let .mapping(mapping) = provider, let target = mapping["tcp_target"] else { continue }
            let key = "providers[\(index)].tcp_target"
            let text = try reader.string(target, key)
            guard TCPPlan.hostAndPort(text) != nil else {
                throw reader.error(target, key, "'\(text)' is not host:port (e.g. example.net:22 or [2001:db8::1]:443)")
            }
            guard let name = mapping["name"]?.string else { continue }  // the provider parser names that error
            settings.targets[name] = text
        }
        return settings
    }

    /// The connect schedule of every provider (`TCPPlan`).
    public func plan(config: Config, requests: [ResolvedRequest], providerIDs: [String: Int64],
                     duration: Duration?) throws(ConfigError) -> any ProbePlan {
        try TCPPlan.make(config: config, settings: self, requests: requests, providerIDs: providerIDs, duration: duration)
    }
}

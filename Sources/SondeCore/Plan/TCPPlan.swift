/// The `tcp` probe's schedule: per provider, connects to one host and port on its own
/// open-loop schedule (starts offset by interval/N), as the latency probe sends requests.
public struct TCPPlan: ProbePlan {
    /// One provider's address and schedule.
    public struct Target: Sendable, Equatable {
        public var providerID: Int64
        public var name: String
        /// A name to resolve or a numeric address (IPv6 without brackets).
        public var host: String
        public var port: UInt16
        public var interval: Duration
        /// Attempts to make, counted from `firstSequence`.
        public var samples: Int
        public var timeout: Duration
        /// Delay of this provider's first connect after the probe starts, so providers interleave.
        public var offset: Duration
        /// The sequence number of the first attempt.
        public var firstSequence: Int64

        public init(providerID: Int64, name: String, host: String, port: UInt16, interval: Duration, samples: Int,
                    timeout: Duration, offset: Duration, firstSequence: Int64 = 0) {
            self.providerID = providerID
            self.name = name
            self.host = host
            self.port = port
            self.interval = interval
            self.samples = samples
            self.timeout = timeout
            self.offset = offset
            self.firstSequence = firstSequence
        }

        /// The intended connect time of attempt `k` (0-based) after the probe's start.
        public func intendedOffset(ofAttempt k: Int) -> Duration {
            offset + interval * k
        }
    }

    public var targets: [Target]
    /// The probe stops at the first of every target's `samples` or this much time.
    public var maxDuration: Duration?

    /// `tcp`.
    public var kind: ProbeKind { .tcp }

    public init(targets: [Target], maxDuration: Duration?) {
        self.targets = targets
        self.maxDuration = maxDuration
    }

    /// The plan for `settings`: each provider's `tcp_target`, or its resolved endpoint URL's
    /// host and port. An endpoint whose host cannot be read is a `ConfigError` on the provider.
    public static func make(config: Config, settings: TCPSettings, requests: [ResolvedRequest], providerIDs: [String: Int64],
                            duration: Duration?) throws(ConfigError) -> TCPPlan {
        let count = config.providers.count
        var targets: [Target] = []
        for (index, provider) in config.providers.enumerated() {
            let address: (host: String, port: UInt16)?
            if let explicit = settings.targets[provider.name] {
                address = hostAndPort(explicit)
            } else {
                address = hostAndPort(ofURL: requests[index].url)
            }
            guard let address else {
                throw ConfigError(source: config.source, line: nil, field: "providers[\(index)].endpoint",
                                  problem: "has no host and port to connect to (set tcp_target: host:port)")
            }
            guard let id = providerIDs[provider.name] else {
                preconditionFailure("provider \(provider.name) was not registered before planning")
            }
            targets.append(Target(providerID: id, name: provider.name, host: address.host, port: address.port,
                                  interval: settings.interval, samples: settings.samples, timeout: settings.timeout,
                                  offset: settings.interval * index / count))
        }
        return TCPPlan(targets: targets, maxDuration: duration)
    }

    /// `host:port` or `[v6address]:port`, with a port from 1 to 65535.
    public static func hostAndPort(_ text: String) -> (host: String, port: UInt16)? {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }),
              let port = UInt16(portText), port > 0 else { return nil }
        return (String(host), port)
    }

    /// The host and port an http(s) URL connects to: its explicit port, else 80 or 443.
    public static func hostAndPort(ofURL url: String) -> (host: String, port: UInt16)? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        var authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let defaultPort: UInt16 = scheme == "https" ? 443 : 80
        if let explicit = hostAndPort(String(authority)) { return explicit }
        var host = authority
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty, !host.hasSuffix(":") else { return nil }
        return (String(host), defaultPort)
    }
}

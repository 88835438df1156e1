import Yams

/// Turns configuration text into a validated `Config`. Pure: the caller reads the file.
public enum ConfigLoader {
    static let topKeys: Set<String> = ["providers", "probes", "analysis", "workloads", "prices"]
    static let providerKeys: Set<String> = ["name", "kind", "region", "jurisdiction", "endpoint", "headers",
                                            "interval", "samples", "timeout", "reuse", "tls", "provision",
                                            "bandwidth_path", "price", "billing", "wait"]
    static let latencyKeys: Set<String> = ["interval", "samples", "timeout", "reuse"]
    static let analysisKeys: Set<String> = ["baseline", "confidence", "resamples", "seed", "inference_p99",
                                            "max_error_rate", "min_throughput_ratio"]

    /// Parses and validates `text`; `source` names the file in errors. With `unknownKeys`, keys
    /// this version does not know (and unknown probe kinds) are recorded there instead of
    /// rejected; every known key is still validated.
    public static func parse(_ text: String, source: String, unknownKeys: UnknownKeyLog? = nil) throws(ConfigError) -> Config {
        let reader = YAMLReader(source: source, unknownKeys: unknownKeys)
        guard let root = try reader.compose(text) else {
            throw reader.error(nil, "", "is empty (expected a providers: list)")
        }
        let top = try reader.mapping(root, "", allowed: topKeys)
        guard let providersNode = top["providers"] else { throw reader.error(root, "providers", "is missing") }

        var latency = LatencyProbeSettings()
        var bandwidth: BandwidthProbeSettings?
        var load: LoadProbeSettings?
        var runsLatency = true
        if let probes = top["probes"] {
            latency = try parseProbes(probes, reader, bandwidth: &bandwidth, load: &load, runsLatency: &runsLatency)
        }
        var analysis = AnalysisSettings()
        if let node = top["analysis"] {
            let fields = try reader.mapping(node, "analysis", allowed: analysisKeys)
            if let baseline = fields["baseline"] { analysis.baseline = try reader.string(baseline, "analysis.baseline") }
            if let confidence = fields["confidence"] {
                analysis.confidence = try reader.number(confidence, "analysis.confidence", in: 0.5...0.999)
            }
            if let node = fields["resamples"] { analysis.resamples = try reader.integer(node, "analysis.resamples", in: 100...1_000_000) }
            if let node = fields["seed"] { analysis.seed = UInt64(try reader.integer(node, "analysis.seed", in: 0...Int.max)) }
            if let node = fields["inference_p99"] { analysis.inferenceP99 = try reader.duration(node, "analysis.inference_p99") }
            if let node = fields["max_error_rate"] { analysis.maxErrorRate = try reader.fraction(node, "analysis.max_error_rate") }
            if let node = fields["min_throughput_ratio"] {
                analysis.minThroughputRatio = try reader.number(node, "analysis.min_throughput_ratio", in: 0...100)
            }
        }

        let items = try reader.sequence(providersNode, "providers")
        guard !items.isEmpty else { throw reader.error(providersNode, "providers", "must list at least one provider") }
        var providers: [ProviderConfig] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            let provider = try parseProvider(item, "providers[\(index)]", reader)
            guard seen.insert(provider.name).inserted else {
                throw reader.error(item, "providers[\(index)].name", "'\(provider.name)' is used by another provider")
            }
            providers.append(provider)
        }
        if let baseline = analysis.baseline, !seen.contains(baseline) {
            let node = try? reader.mapping(top["analysis"]!, "analysis", allowed: analysisKeys)["baseline"]
            throw reader.error(node ?? nil, "analysis.baseline", "'\(baseline)' is not a configured provider")
        }
        var config = Config(providers: providers, latency: latency, analysis: analysis, source: source, text: text)
        config.bandwidth = bandwidth
        config.load = load
        config.runsLatency = runsLatency
        config.llm = try parseLLMSection(top["probes"], reader)
        config.availability = try parseAvailabilitySection(top["probes"], reader)
        config.sections = try parseSections(top["probes"], providers: items, reader)
        config.workloads = try parseWorkloads(top["workloads"], reader)
        config.currency = try parseCurrency(top["prices"], providers: providers, providerNodes: items, reader)
        return config
    }

    private static func parseProbes(_ node: Node, _ reader: YAMLReader, bandwidth: inout BandwidthProbeSettings?,
                                    load: inout LoadProbeSettings?, runsLatency: inout Bool) throws(ConfigError) -> LatencyProbeSettings {
        guard case let .mapping(mapping) = node else { throw reader.error(node, "probes", "must be a mapping") }
        var latency = LatencyProbeSettings()
        // Naming only other probe kinds runs only those; no probes section at all runs latency.
        let names = mapping.map { $0.key.string ?? "" }
        runsLatency = names.contains(ProbeKind.latency.rawValue) || names.isEmpty
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard let kind = ProbeKind(rawValue: key) else {
                if let log = reader.unknownKeys {
                    log.add("probes.\(key)", line: keyNode.mark?.line)
                    continue
                }
                let known = ProbeKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw reader.error(keyNode, "probes.\(key)", "unknown probe kind (known: \(known))")
            }
            guard ProbeKind.supported.contains(kind) else {
                if let log = reader.unknownKeys {
                    log.add("probes.\(key)", line: keyNode.mark?.line)
                    continue
                }
                throw reader.error(keyNode, "probes.\(key)", "probe kind '\(key)' is not supported yet")
            }
            if kind == .bandwidth {
                bandwidth = try parseBandwidth(value, reader)
                continue
            }
            if kind == .load {
                load = try parseLoad(value, reader)
                continue
            }
            if kind == .llm || kind == .availability { continue }  // parseLLMSection, parseAvailabilitySection
            if kind.settingsType != nil { continue }  // parseSections
            let fields = try reader.mapping(value, "probes.latency", allowed: latencyKeys)
            if let node = fields["interval"] { latency.interval = try reader.duration(node, "probes.latency.interval") }
            if let node = fields["samples"] {
                latency.samples = try reader.integer(node, "probes.latency.samples", in: 1...100_000_000)
            }
            if let node = fields["timeout"] { latency.timeout = try timeout(node, "probes.latency.timeout", reader) }
            if let node = fields["reuse"] { latency.reuse = try reader.bool(node, "probes.latency.reuse") }
        }
        return latency
    }

    private static func parseProvider(_ node: Node, _ field: String, _ reader: YAMLReader) throws(ConfigError) -> ProviderConfig {
        let fields = try reader.mapping(node, field, allowed: providerKeys.union(sectionProviderKeys))
        func required(_ key: String) throws(ConfigError) -> Node {
            guard let value = fields[key] else { throw reader.error(node, "\(field).\(key)", "is missing") }
            return value
        }
        let nameNode = try required("name")
        let name = try reader.name(nameNode, "\(field).name")
        let kindNode = try required("kind")
        let kindText = try reader.string(kindNode, "\(field).kind")
        guard let kind = ProviderKind(rawValue: kindText) else {
            throw reader.error(kindNode, "\(field).kind", "'\(kindText)' is not a provider kind (depin or centralized)")
        }
        let region = try fields["region"].map { (n: Node) throws(ConfigError) in try reader.name(n, "\(field).region") } ?? ""
        let jurisdiction = try fields["jurisdiction"].map { (n: Node) throws(ConfigError) in
            try reader.name(n, "\(field).jurisdiction")
        } ?? ""
        let endpointNode = try required("endpoint")
        let endpoint = try reader.string(endpointNode, "\(field).endpoint")
        try validateURL(endpoint, node: endpointNode, field: "\(field).endpoint", reader)

        var provider = ProviderConfig(name: name, kind: kind, region: region, jurisdiction: jurisdiction, endpoint: endpoint)
        if let headersNode = fields["headers"] {
            guard case let .mapping(mapping) = headersNode else {
                throw reader.error(headersNode, "\(field).headers", "must be a mapping of header names to values")
            }
            for (keyNode, value) in mapping {
                let key = try reader.string(keyNode, "\(field).headers")
                guard key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                    throw reader.error(keyNode, "\(field).headers.\(key)", "is not a valid header name")
                }
                let text = try reader.string(value, "\(field).headers.\(key)")
                guard !text.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                    throw reader.error(value, "\(field).headers.\(key)", "must be a single line")
                }
                provider.headers[key] = text
            }
        }
        if let n = fields["interval"] { provider.interval = try reader.duration(n, "\(field).interval") }
        if let n = fields["samples"] { provider.samples = try reader.integer(n, "\(field).samples", in: 1...100_000_000) }
        if let n = fields["timeout"] { provider.timeout = try timeout(n, "\(field).timeout", reader) }
        if let n = fields["reuse"] { provider.reuse = try reader.bool(n, "\(field).reuse") }
        if let n = fields["bandwidth_path"] { provider.bandwidthPath = try path(n, "\(field).bandwidth_path", reader) }
        if let tls = fields["tls"] {
            let tlsFields = try reader.mapping(tls, "\(field).tls", allowed: ["verify"])
            if let verify = tlsFields["verify"] { provider.verifyTLS = try reader.bool(verify, "\(field).tls.verify") }
        }
        if let provision = fields["provision"] { provider.provision = try parseProvision(provision, "\(field).provision", reader) }
        provider.pricing = try parsePricing(fields, field, reader)
        return provider
    }

    private static func validateURL(_ text: String, node: Node, field: String, _ reader: YAMLReader) throws(ConfigError) {
        let lower = text.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw reader.error(node, field, "'\(text)' must be an http(s) URL")
        }
        let rest = text.drop(while: { $0 != "/" }).dropFirst(2)
        let host = rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
        guard !host.isEmpty, !text.contains(where: { $0.isWhitespace }) else {
            throw reader.error(node, field, "'\(text)' is not a valid URL (no host, or contains spaces)")
        }
        do {
            _ = try SecretTemplate.references(in: text)
        } catch {
            throw reader.error(node, field, error.problem)
        }
    }
}

import SondeCore
import Yams

/// Walks the YAML node tree of a fleet file with the shared ``YAMLReader``, rather than through
/// `Decodable`, so that every error can carry the line of the offending key or value and unknown
/// keys are caught, in the same words as the configuration's.
struct FleetSpecDecoder {
    /// The shared walker: composes the text, reads mappings and lists, and makes the errors.
    let reader: YAMLReader

    init(source: String) {
        reader = YAMLReader(source: source)
    }

    /// Bodies are built once per provider and held in memory, so their size is bounded.
    static let maximumBodyBytes = 64 * 1024 * 1024

    func decode(yaml: String) throws(ConfigError) -> FleetSpec {
        guard let root = try reader.compose(yaml) else {
            throw ConfigError(source: reader.source, line: 1, field: "providers", problem: "the file is empty")
        }
        let fields = try Fields(root, path: "", allowed: ["seed", "providers", "provisioning_scale"], decoder: self)
        var spec = FleetSpec(providers: [])
        if let seed = fields["seed"] {
            guard let value = UInt64(try scalar(seed, "seed")) else {
                throw error(seed, "seed", "expected a non-negative integer")
            }
            spec.seed = value
        }
        if let scale = fields["provisioning_scale"] {
            guard let value = Double(try scalar(scale, "provisioning_scale")), value >= 1, value <= 1_000_000 else {
                throw error(scale, "provisioning_scale", "expected a divisor from 1 to 1000000")
            }
            spec.provisioningScale = value
        }
        guard let list = fields["providers"] else {
            throw fields.missing("providers")
        }
        let items = try reader.sequence(list, "providers")
        var lineOfName: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let provider = try decodeProvider(item, path: "providers[\(index)]")
            if let first = lineOfName[provider.name] {
                throw error(item, "providers[\(index)].name",
                            "duplicate provider name '\(provider.name)' (first on line \(first))")
            }
            lineOfName[provider.name] = line(item)
            spec.providers.append(provider)
        }
        guard !spec.providers.isEmpty else {
            throw error(list, "providers", "expected at least one provider")
        }
        return spec
    }

    private func decodeProvider(_ node: Node, path: String) throws(ConfigError) -> EmulatedProviderSpec {
        let allowed = ["name", "kind", "region", "jurisdiction", "latency", "spikes", "episodes", "fault", "fault_schedule",
                       "fault_probability", "require_header", "body", "bandwidth", "llm", "llm_fault", "drops", "provisioning", "change"]
        let fields = try Fields(node, path: path, allowed: allowed, decoder: self)
        let name = try fields.required("name") { node, field throws(ConfigError) in
            let text = try scalar(node, field)
            let allowedCharacters = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
            guard !text.isEmpty, allowedCharacters else {
                throw error(node, field, "expected letters, digits, '.', '_' or '-', got '\(text)'")
            }
            return text
        }
        let kind = try fields.required("kind") { node, field throws(ConfigError) in
            let text = try scalar(node, field)
            guard let kind = ProviderKind(rawValue: text) else {
                throw error(node, field, "unknown kind '\(text)' (expected depin or centralized)")
            }
            return kind
        }
        let region = try fields.required("region") { node, field throws(ConfigError) in
            try nonEmpty(node, field)
        }
        var provider = EmulatedProviderSpec(name: name, kind: kind, region: region, latency: try fields.required("latency") {
            node, field throws(ConfigError) in try decodeLatency(node, path: field)
        })
        provider.jurisdiction = try fields.optional("jurisdiction") { node, field throws(ConfigError) in
            try nonEmpty(node, field)
        }
        provider.spikes = try fields.optional("spikes") { node, field throws(ConfigError) in
            try decodeSpikes(node, path: field)
        }
        provider.episodes = try fields.optional("episodes") { node, field throws(ConfigError) in
            try decodeEpisodes(node, path: field)
        }
        try decodeFaults(fields, into: &provider)
        provider.drops = try fields.optional("drops") { node, field throws(ConfigError) in
            try decodeDrops(node, path: field)
        }
        provider.bodyBytes = try fields.optional("body") { node, field throws(ConfigError) in
            let text = try scalar(node, field)
            guard let bytes = Self.size(text), bytes <= Self.maximumBodyBytes else {
                throw error(node, field, "expected a size such as 256B or 4KiB, at most 64MiB, got '\(text)'")
            }
            return Int(bytes)
        }
        provider.bandwidth = try fields.optional("bandwidth") { node, field throws(ConfigError) in
            try decodeBandwidth(node, path: field)
        }
        try decodeLLM(fields, into: &provider)
        try decodeProvisioning(fields, into: &provider)
        provider.change = try fields.optional("change") { node, field throws(ConfigError) in
            try decodeChange(node, path: field)
        }
        return provider
    }

    private func decodeLatency(_ node: Node, path: String) throws(ConfigError) -> EmulatedProviderSpec.Latency {
        let fields = try Fields(node, path: path, allowed: ["median", "sigma"], decoder: self)
        return .init(median: try fields.required("median", duration),
                     sigma: try fields.required("sigma") { node, field throws(ConfigError) in
                         try number(node, field, in: 0...4)
                     })
    }

    private func decodeSpikes(_ node: Node, path: String) throws(ConfigError) -> EmulatedProviderSpec.Spikes {
        let fields = try Fields(node, path: path, allowed: ["probability", "median", "sigma"], decoder: self)
        return .init(probability: try fields.required("probability") { node, field throws(ConfigError) in
                         try number(node, field, in: 0...1)
                     },
                     median: try fields.required("median", duration),
                     sigma: try fields.required("sigma") { node, field throws(ConfigError) in
                         try number(node, field, in: 0...4)
                     })
    }

    private func decodeEpisodes(_ node: Node, path: String) throws(ConfigError) -> EmulatedProviderSpec.Episodes {
        let fields = try Fields(node, path: path, allowed: ["every", "duration", "multiplier"], decoder: self)
        let every = try fields.required("every", positiveDuration)
        let duration = try fields.required("duration", positiveDuration)
        let multiplier = try fields.required("multiplier") { node, field throws(ConfigError) in
            let value = try number(node, field, in: 0...1000)
            guard value > 0 else { throw error(node, field, "expected a factor above 0") }
            return value
        }
        return .init(every: every, duration: duration, multiplier: multiplier)
    }

    /// `change: { after: 200s, median_factor: 1.5, sigma: 0.2 }`.
    private func decodeChange(_ node: Node, path: String) throws(ConfigError) -> EmulatedProviderSpec.Change {
        let fields = try Fields(node, path: path, allowed: ["after", "median_factor", "sigma"], decoder: self)
        let after = try fields.required("after", duration)
        guard after >= .zero else { throw error(node, fields.field("after"), "expected a duration of 0 or more") }
        let factor = try fields.required("median_factor") { node, field throws(ConfigError) in
            let value = try number(node, field, in: 0...1000)
            guard value > 0 else { throw error(node, field, "expected a factor above 0") }
            return value
        }
        let sigma = try fields.optional("sigma") { node, field throws(ConfigError) in
            try number(node, field, in: 0...4)
        }
        return .init(after: after, medianFactor: factor, sigma: sigma)
    }

    // MARK: Scalars

    func scalar(_ node: Node, _ field: String) throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node else {
            throw error(node, field, "expected a single value, not a list or mapping")
        }
        return scalar.string
    }

    private func nonEmpty(_ node: Node, _ field: String) throws(ConfigError) -> String {
        let text = try scalar(node, field)
        guard !text.isEmpty else { throw error(node, field, "expected a non-empty value") }
        return text
    }

    private func duration(_ node: Node, _ field: String) throws(ConfigError) -> Duration {
        let text = try scalar(node, field)
        guard let value = Grammar.duration(text) else {
            throw error(node, field, "expected a duration with a unit such as 250us, 40ms or 4s, got '\(text)'")
        }
        return value
    }

    private func positiveDuration(_ node: Node, _ field: String) throws(ConfigError) -> Duration {
        let value = try duration(node, field)
        guard value > .zero else { throw error(node, field, "expected a duration above 0") }
        return value
    }

    /// A whole number of bytes with a unit: `B`, `KiB`, `MiB` (powers of 1024) or `kB`, `MB`
    /// (powers of 1000), the configuration grammar's spelling.
    static func size(_ text: String) -> Int? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let units = ["B": 1, "KiB": 1024, "MiB": 1024 * 1024, "kB": 1000, "KB": 1000, "MB": 1_000_000]
        guard let count = Int(digits), let unit = units[String(text.dropFirst(digits.count))] else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: unit)
        return overflow ? nil : bytes
    }

    private func number(_ node: Node, _ field: String, in range: ClosedRange<Double>) throws(ConfigError) -> Double {
        let text = try scalar(node, field)
        guard let value = Double(text), range.contains(value) else {
            throw error(node, field, "expected a number from \(range.lowerBound.formatted) to \(range.upperBound.formatted), got '\(text)'")
        }
        return value
    }

    // MARK: Errors

    func line(_ node: Node) -> Int? {
        node.mark?.line
    }

    func error(_ node: Node, _ field: String, _ problem: String) -> ConfigError {
        reader.error(node, field, problem)
    }
}

private extension Double {
    /// `1` rather than `1.0` in error messages.
    var formatted: String {
        self == rounded() ? String(Int(self)) : String(self)
    }
}

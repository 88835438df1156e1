import Yams

/// What `sonde gate` checks (a rules file, docs/ci.md): per metric a limit, overridable per
/// provider, and the significance level a change must reach before it can fail a build.
public struct GateRules: Sendable, Equatable {
    /// A metric a rule can watch.
    public enum Metric: String, Sendable, Codable, CaseIterable, Comparable {
        case p50Total = "p50_total"
        case p90Total = "p90_total"
        case p99Total = "p99_total"
        case varianceTotal = "variance_total"
        case iqrTotal = "iqr_total"
        case madTotal = "mad_total"
        case errorRate = "error_rate"
        /// Mean bytes per second of the latency probe's attempts.
        case throughput
        /// Mean bytes per second of the bandwidth probe (needs bandwidth samples).
        case bandwidth
        /// Time from request to reachable machine (needs provisioning data).
        case timeToProvision = "time_to_provision"
        /// LLM probe: time to first token, median and p99 (Harrell–Davis).
        case p50TTFT = "p50_ttft"
        case p99TTFT = "p99_ttft"
        /// LLM probe: time per output token, median and p99.
        case p50TPOT = "p50_tpot"
        case p99TPOT = "p99_tpot"
        /// LLM capacity sweep: the share of requests meeting the SLO at the baseline's knee rate
        /// (`CapacityRule`; its limit is an absolute drop in that share).
        case capacity

        /// Whether larger values are worse.
        public var higherIsWorse: Bool { !(self == .throughput || self == .bandwidth || self == .capacity) }

        public static func < (lhs: Metric, rhs: Metric) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// How far a metric may move.
    public enum Limit: Sendable, Codable, Equatable {
        /// Relative increase, e.g. 0.10 for `max_increase: 10%`.
        case maxIncrease(Double)
        /// Relative decrease, e.g. 0.05 for `max_decrease: 5%`.
        case maxDecrease(Double)
        /// Absolute ceiling of a share (error rate), e.g. 0.01 for `max: 1%`.
        case max(Double)

        /// The limit as written in a rules file.
        public var description: String {
            switch self {
            case let .maxIncrease(v): return "max_increase \(Format.fixed(v * 100, 1))%"
            case let .maxDecrease(v): return "max_decrease \(Format.fixed(v * 100, 1))%"
            case let .max(v): return "max \(Format.fixed(v * 100, 2))%"
            }
        }
    }

    /// One metric's limit.
    public struct Rule: Sendable, Equatable {
        public var metric: Metric
        public var limit: Limit

        public init(metric: Metric, limit: Limit) {
            self.metric = metric
            self.limit = limit
        }
    }

    /// One-sided significance level a change must reach to fail (or improve).
    public var level: Double
    /// Rules for every provider.
    public var rules: [Rule]
    /// Per-provider replacements of rules, by metric.
    public var overrides: [String: [Rule]]
    /// Bootstrap seed of the comparisons.
    public var seed: UInt64

    public init(level: Double = 0.005, rules: [Rule] = GateRules.defaultRules, overrides: [String: [Rule]] = [:], seed: UInt64 = 20_261_125) {
        self.level = level
        self.rules = rules
        self.overrides = overrides
        self.seed = seed
    }

    /// Rules when no file is given: median and tail latency, errors.
    public static let defaultRules: [Rule] = [
        Rule(metric: .p50Total, limit: .maxIncrease(0.10)),
        Rule(metric: .p99Total, limit: .maxIncrease(0.20)),
        Rule(metric: .errorRate, limit: .max(0.01)),
    ]

    /// The rules that apply to `provider`: the defaults, with the provider's overrides replacing
    /// rules of the same metric.
    public func rules(for provider: String) -> [Rule] {
        let specific = overrides[provider] ?? []
        let replaced = Set(specific.map(\.metric))
        return (rules.filter { !replaced.contains($0.metric) } + specific).sorted { $0.metric < $1.metric }
    }

    /// Parses a rules file; errors name the file, line and field (exit 64).
    public static func parse(_ text: String, source: String) throws(ConfigError) -> GateRules {
        let reader = YAMLReader(source: source)
        guard let root = try reader.compose(text) else { throw reader.error(nil, "", "is empty (expected rules:)") }
        let top = try reader.mapping(root, "", allowed: ["level", "rules", "providers", "seed"])
        var result = GateRules(rules: [])
        if let node = top["level"] { result.level = try reader.number(node, "level", in: 0.0001...0.2) }
        if let node = top["seed"] { result.seed = UInt64(try reader.integer(node, "seed", in: 0...Int.max)) }
        if let node = top["rules"] { result.rules = try parseRules(node, "rules", reader) }
        if let node = top["providers"] {
            guard case let .mapping(mapping) = node else { throw reader.error(node, "providers", "must map provider names to rules") }
            for (key, value) in mapping {
                let name = try reader.string(key, "providers")
                result.overrides[name] = try parseRules(value, "providers.\(name)", reader)
            }
        }
        guard !result.rules.isEmpty || !result.overrides.isEmpty else {
            throw reader.error(root, "rules", "no rule given")
        }
        return result
    }

    private static func parseRules(_ node: Node, _ field: String, _ reader: YAMLReader) throws(ConfigError) -> [Rule] {
        guard case let .mapping(mapping) = node else { throw reader.error(node, field, "must map metrics to limits") }
        var rules: [Rule] = []
        for (key, value) in mapping {
            let name = try reader.string(key, field)
            guard let metric = Metric(rawValue: name) else {
                let known = Metric.allCases.map(\.rawValue).joined(separator: ", ")
                throw reader.error(key, "\(field).\(name)", "unknown metric (known: \(known))")
            }
            let path = "\(field).\(name)"
            let limits = try reader.mapping(value, path, allowed: ["max_increase", "max_decrease", "max"])
            guard limits.count == 1, let (kind, limitNode) = limits.first else {
                throw reader.error(value, path, "needs exactly one of max_increase, max_decrease, max")
            }
            let amount = try reader.fraction(limitNode, "\(path).\(kind)", allowAbove: kind == "max_increase")
            let limit: Limit
            switch kind {
            case "max_increase":
                limit = .maxIncrease(amount)
            case "max_decrease":
                limit = .maxDecrease(amount)
            default:
                guard metric == .errorRate else {
                    throw reader.error(limitNode, "\(path).max", "an absolute max applies to error_rate only; use max_increase or max_decrease")
                }
                limit = .max(amount)
            }
            if case .maxIncrease = limit, !metric.higherIsWorse {
                throw reader.error(limitNode, "\(path).max_increase", "\(name) is better when higher: use max_decrease")
            }
            if case .maxDecrease = limit, metric.higherIsWorse {
                throw reader.error(limitNode, "\(path).max_decrease", "\(name) is better when lower: use max_increase")
            }
            rules.append(Rule(metric: metric, limit: limit))
        }
        return rules
    }
}

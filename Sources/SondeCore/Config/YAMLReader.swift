import Yams

/// Walks a composed YAML document with its line numbers, so that every rejection can name the
/// file, line and field. Shared by the configuration and by other YAML inputs (rules, fleets).
public struct YAMLReader: Sendable {
    /// Where the text came from, for messages.
    public let source: String
    /// When set, unknown keys are recorded here and skipped instead of rejected: a stored
    /// configuration written by a newer sonde still gives its known settings.
    public let unknownKeys: UnknownKeyLog?

    public init(source: String, unknownKeys: UnknownKeyLog? = nil) {
        self.source = source
        self.unknownKeys = unknownKeys
    }

    /// Composes `text` into a node tree; malformed YAML becomes a `ConfigError` with its line.
    public func compose(_ text: String) throws(ConfigError) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw describe(error)
        } catch {
            throw ConfigError(source: source, line: nil, field: "", problem: "not valid YAML")
        }
    }

    /// The error for `problem` at `node`.
    public func error(_ node: Node?, _ field: String, _ problem: String) -> ConfigError {
        ConfigError(source: source, line: node?.mark?.line, field: field, problem: problem)
    }

    /// The pairs of a mapping, rejecting keys outside `allowed` and duplicates.
    public func mapping(_ node: Node, _ field: String, allowed: Set<String>) throws(ConfigError) -> [String: Node] {
        guard case let .mapping(mapping) = node else { throw error(node, field, "must be a mapping") }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw error(keyNode, field, "keys must be strings") }
            let path = field.isEmpty ? key : "\(field).\(key)"
            guard allowed.contains(key) else {
                if let unknownKeys {
                    unknownKeys.add(path, line: keyNode.mark?.line)
                    continue
                }
                let known = allowed.sorted().joined(separator: ", ")
                throw error(keyNode, path, "unknown key (expected one of: \(known))")
            }
            guard result[key] == nil else { throw error(keyNode, path, "appears twice") }
            result[key] = value
        }
        return result
    }

    /// The items of a sequence.
    public func sequence(_ node: Node, _ field: String) throws(ConfigError) -> [Node] {
        guard case let .sequence(sequence) = node else { throw error(node, field, "must be a list") }
        return Array(sequence)
    }

    /// A non-empty scalar string.
    public func string(_ node: Node, _ field: String) throws(ConfigError) -> String {
        guard case let .scalar(scalar) = node else { throw error(node, field, "must be a string") }
        guard !scalar.string.isEmpty else { throw error(node, field, "must not be empty") }
        return scalar.string
    }

    /// A name (provider, region, label): a string that passes `NameRules`.
    public func name(_ node: Node, _ field: String) throws(ConfigError) -> String {
        let text = try string(node, field)
        if let problem = NameRules.problem(text) { throw error(node, field, problem) }
        return text
    }

    /// A duration in the grammar `250us`, `200ms`, `5s`, `10m`, `2h`, strictly positive.
    public func duration(_ node: Node, _ field: String) throws(ConfigError) -> Duration {
        let text = try string(node, field)
        guard let value = Grammar.duration(text) else {
            throw error(node, field, "'\(text)' is not a duration (use e.g. 250us, 200ms, 5s, 10m, 2h)")
        }
        guard value > .zero else { throw error(node, field, "must be greater than zero") }
        return value
    }

    /// A whole number within `range`.
    public func integer(_ node: Node, _ field: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        let text = try string(node, field)
        guard let value = Int(text.replacingUnderscores()) else { throw error(node, field, "'\(text)' is not a whole number") }
        guard range.contains(value) else {
            throw error(node, field, "\(value) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// A number within `range`.
    public func number(_ node: Node, _ field: String, in range: ClosedRange<Double>) throws(ConfigError) -> Double {
        let text = try string(node, field)
        guard let value = Double(text), value.isFinite else { throw error(node, field, "'\(text)' is not a number") }
        guard range.contains(value) else { throw error(node, field, "\(text) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return value
    }

    /// A share, written as `1%` or `0.01`: between 0 and 1, or any positive amount with `allowAbove`
    /// (an increase of 150% is fine, an error rate of 150% is not).
    public func fraction(_ node: Node, _ field: String, allowAbove: Bool = false) throws(ConfigError) -> Double {
        let text = try string(node, field)
        let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        guard let value, value.isFinite, value >= 0, allowAbove || value <= 1 else {
            let range = allowAbove ? "a positive share" : "a share between 0 and 1"
            throw error(node, field, "'\(text)' is not \(range) (write e.g. 1% or 0.01)")
        }
        return value
    }

    /// `true`/`false` (YAML 1.2 core schema spellings).
    public func bool(_ node: Node, _ field: String) throws(ConfigError) -> Bool {
        let text = try string(node, field)
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(node, field, "'\(text)' is not true or false")
        }
    }

    private func describe(_ error: YamlError) -> ConfigError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ConfigError(source: source, line: mark.line, field: "", problem: "malformed YAML: \(problem)")
        case let .reader(problem, offset, _, yaml):
            // The reader reports a character offset; count the lines before it.
            let line = offset.map { yaml.prefix($0).reduce(1) { $1 == "\n" ? $0 + 1 : $0 } } ?? 1
            return ConfigError(source: source, line: line, field: "", problem: "unreadable text: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return ConfigError(source: source, line: context.mark.line, field: duplicates.joined(separator: ", "),
                               problem: "appears twice")
        default:
            return ConfigError(source: source, line: 1, field: "", problem: "malformed YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
    }
}

private extension String {
    func replacingUnderscores() -> String { filter { $0 != "_" } }
}

import Yams

extension ConfigLoader {
    static let provisionKeys: Set<String> = ["adapter", "health_url", "poll_interval", "deadline", "destroy_timeout", "attempts",
                                             "create", "id", "status", "state", "running", "failed", "endpoint", "destroy",
                                             "find", "image", "instance_type", "region", "endpoint_url", "time_scale",
                                             "cli", "sdl", "from", "owner", "flags", "token_rate", "block_time"]
    private static let commandOnlyKeys: Set<String> = ["create", "id", "status", "state", "running", "failed", "endpoint", "destroy",
                                                       "find"]
    private static let awsOnlyKeys: Set<String> = ["image", "instance_type", "region", "endpoint_url"]
    private static let akashOnlyKeys: Set<String> = ["cli", "sdl", "from", "owner", "flags", "token_rate", "block_time"]

    /// Parses `providers[i].provision` (docs/provisioning.md).
    static func parseProvision(_ node: Node, _ field: String, _ reader: YAMLReader) throws(ConfigError) -> ProvisionSettings {
        let fields = try reader.mapping(node, field, allowed: provisionKeys)
        guard let adapterNode = fields["adapter"] else { throw reader.error(node, "\(field).adapter", "is missing") }
        let adapterText = try reader.string(adapterNode, "\(field).adapter")
        guard let adapter = ProvisionSettings.Adapter(rawValue: adapterText) else {
            let known = ProvisionSettings.Adapter.allCases.map(\.rawValue).joined(separator: ", ")
            throw reader.error(adapterNode, "\(field).adapter", "'\(adapterText)' is not an adapter (known: \(known))")
        }
        let allowed: Set<String>
        switch adapter {
        case .command: allowed = commandOnlyKeys
        case .awsEC2: allowed = awsOnlyKeys
        case .akash: allowed = akashOnlyKeys
        case .emulated: allowed = ["time_scale"]
        }
        let adapterKeys = commandOnlyKeys.union(awsOnlyKeys).union(akashOnlyKeys).union(["time_scale"])
        for (key, value) in fields where adapterKeys.contains(key) && !allowed.contains(key) {
            throw reader.error(value, "\(field).\(key)", "does not apply to adapter \(adapter.rawValue)")
        }

        var settings = ProvisionSettings(adapter: adapter)
        switch adapter {
        case .command:
            settings.commands = try parseCommandSpec(fields, node, field, reader)
        case .awsEC2:
            func required(_ key: String) throws(ConfigError) -> String {
                guard let value = fields[key] else { throw reader.error(node, "\(field).\(key)", "is missing") }
                return try template(value, "\(field).\(key)", reader)
            }
            let preset = AWSEC2Preset(
                image: try required("image"), instanceType: try required("instance_type"),
                region: try fields["region"].map { (n: Node) throws(ConfigError) in try template(n, "\(field).region", reader) },
                endpointURL: try fields["endpoint_url"].map { (n: Node) throws(ConfigError) in
                    try template(n, "\(field).endpoint_url", reader)
                })
            settings.commands = preset.commands
        case .akash:
            func required(_ key: String) throws(ConfigError) -> String {
                guard let value = fields[key] else { throw reader.error(node, "\(field).\(key)", "is missing") }
                return try template(value, "\(field).\(key)", reader)
            }
            var preset = AkashPreset(sdl: try required("sdl"), from: try required("from"), owner: try required("owner"))
            if let n = fields["cli"] { preset.cli = try template(n, "\(field).cli", reader) }
            if let n = fields["flags"] { preset.flags = try argv(n, "\(field).flags", reader) }
            if let n = fields["token_rate"] { preset.tokenRate = try tokenRate(n, "\(field).token_rate", reader) }
            if let n = fields["block_time"] { preset.blockTime = try reader.duration(n, "\(field).block_time") }
            // A rate without a block time cannot turn a per-block bid into an hourly price.
            if preset.tokenRate != nil, preset.blockTime == nil {
                throw reader.error(node, "\(field).block_time", "is missing (needed with token_rate to convert per-block bids)")
            }
            settings.akash = preset
        case .emulated:
            if let n = fields["time_scale"] { settings.timeScale = try reader.number(n, "\(field).time_scale", in: 1...1_000_000) }
        }
        if let n = fields["health_url"] { settings.healthURL = try template(n, "\(field).health_url", reader) }
        if let n = fields["poll_interval"] { settings.pollInterval = try reader.duration(n, "\(field).poll_interval") }
        if let n = fields["deadline"] { settings.deadline = try reader.duration(n, "\(field).deadline") }
        if let n = fields["destroy_timeout"] { settings.destroyTimeout = try reader.duration(n, "\(field).destroy_timeout") }
        if let n = fields["attempts"] { settings.attempts = try reader.integer(n, "\(field).attempts", in: 1...1000) }
        return settings
    }

    private static func parseCommandSpec(_ fields: [String: Node], _ node: Node, _ field: String,
                                         _ reader: YAMLReader) throws(ConfigError) -> CommandSpec {
        func required(_ key: String) throws(ConfigError) -> Node {
            guard let value = fields[key] else { throw reader.error(node, "\(field).\(key)", "is missing") }
            return value
        }
        func words(_ key: String) throws(ConfigError) -> [String] {
            guard let value = fields[key] else { return [] }
            return try reader.sequence(value, "\(field).\(key)").map { (n: Node) throws(ConfigError) in
                try reader.string(n, "\(field).\(key)")
            }
        }
        var spec = CommandSpec(
            create: try argv(try required("create"), "\(field).create", reader),
            id: try extraction(try required("id"), "\(field).id", reader),
            status: try argv(try required("status"), "\(field).status", reader),
            state: try extraction(try required("state"), "\(field).state", reader),
            destroy: try argv(try required("destroy"), "\(field).destroy", reader))
        if fields["running"] != nil { spec.runningStates = try words("running") }
        spec.failedStates = try words("failed")
        if let n = fields["endpoint"] { spec.endpoint = try extraction(n, "\(field).endpoint", reader) }
        if let n = fields["find"] {
            let find = try argv(n, "\(field).find", reader)
            // Without the identity in both, find cannot look up what create made.
            guard find.contains(where: { $0.contains("{attempt}") }) else {
                throw reader.error(n, "\(field).find", "must pass {attempt}, the identity create put on the machine")
            }
            guard spec.create.contains(where: { $0.contains("{attempt}") }) else {
                throw reader.error(fields["create"], "\(field).create",
                                   "must pass {attempt} (e.g. in a name or tag) when find is given, so find can look the machine up")
            }
            spec.find = find
        }
        return spec
    }

    /// An argv template: a non-empty list of strings, the first naming the program.
    private static func argv(_ node: Node, _ field: String, _ reader: YAMLReader) throws(ConfigError) -> [String] {
        guard case .sequence = node else {
            throw reader.error(node, field, "must be a list of arguments (no shell is used), e.g. [\"cli\", \"create\"]")
        }
        let items = try reader.sequence(node, field)
        guard !items.isEmpty else { throw reader.error(node, field, "must name a program") }
        return try items.enumerated().map { (pair: (offset: Int, element: Node)) throws(ConfigError) in
            try template(pair.element, "\(field)[\(pair.offset)]", reader)
        }
    }

    /// A string whose `${ENV}` references are well formed.
    private static func template(_ node: Node, _ field: String, _ reader: YAMLReader) throws(ConfigError) -> String {
        let text = try reader.string(node, field)
        do {
            _ = try SecretTemplate.references(in: text)
        } catch {
            throw reader.error(node, field, error.problem)
        }
        return text
    }

    /// `{pointer: /a/0/b}` or `{regex: 'id=(\S+)'}`.
    private static func extraction(_ node: Node, _ field: String, _ reader: YAMLReader) throws(ConfigError) -> ValueExtraction {
        let fields = try reader.mapping(node, field, allowed: ["pointer", "regex"])
        guard fields.count == 1 else { throw reader.error(node, field, "needs exactly one of pointer or regex") }
        if let n = fields["pointer"] {
            let text = n.string ?? ""
            guard let pointer = JSONPointer(text) else {
                throw reader.error(n, "\(field).pointer", "'\(text)' is not a JSON pointer (RFC 6901: empty or starting with /)")
            }
            return .pointer(pointer)
        }
        let pattern = try reader.string(fields["regex"]!, "\(field).regex")
        guard ValueExtraction.isValidRegex(pattern) else {
            throw reader.error(fields["regex"]!, "\(field).regex", "'\(pattern)' is not a valid regular expression")
        }
        return .regex(pattern)
    }

    /// `token_rate: {uakt: 0.000003, currency: USD}`: exactly one denomination and its value in `currency`.
    private static func tokenRate(_ node: Node, _ field: String, _ reader: YAMLReader) throws(ConfigError) -> TokenRate {
        guard case let .mapping(mapping) = node else { throw reader.error(node, field, "must be a mapping") }
        var currency: String?
        var rates: [(String, Double)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw reader.error(keyNode, field, "keys must be strings") }
            if key == "currency" {
                currency = try currencyCode(value, "\(field).currency", reader)
            } else {
                rates.append((key, try reader.number(value, "\(field).\(key)", in: 0...Double.greatestFiniteMagnitude)))
            }
        }
        guard let currency else { throw reader.error(node, "\(field).currency", "is missing") }
        guard rates.count == 1 else {
            throw reader.error(node, field, "must name exactly one token denomination besides currency (e.g. {uakt: 0.000003, currency: USD})")
        }
        return TokenRate(denom: rates[0].0, perUnit: rates[0].1, currency: currency)
    }
}

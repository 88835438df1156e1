import Yams

extension ConfigLoader {
    static let bandwidthKeys: Set<String> = ["path", "repeats", "upload", "upload_path", "timeout"]
    static let loadKeys: Set<String> = ["rate", "duration", "connections", "arrivals", "store_cap", "timeout", "path",
                                        "interval", "engine"]

    /// Parses `probes.bandwidth`.
    static func parseBandwidth(_ node: Node, _ reader: YAMLReader) throws(ConfigError) -> BandwidthProbeSettings {
        let fields = try reader.mapping(node, "probes.bandwidth", allowed: bandwidthKeys)
        var settings = BandwidthProbeSettings()
        if let n = fields["path"] { settings.path = try path(n, "probes.bandwidth.path", reader) }
        if let n = fields["repeats"] { settings.repeats = try reader.integer(n, "probes.bandwidth.repeats", in: 1...100_000) }
        if let n = fields["upload"] { settings.uploadBytes = try size(n, "probes.bandwidth.upload", reader) }
        if let n = fields["upload_path"] { settings.uploadPath = try path(n, "probes.bandwidth.upload_path", reader) }
        if let n = fields["timeout"] { settings.timeout = try timeout(n, "probes.bandwidth.timeout", reader) }
        return settings
    }

    /// Parses `probes.load`.
    static func parseLoad(_ node: Node, _ reader: YAMLReader) throws(ConfigError) -> LoadProbeSettings {
        let fields = try reader.mapping(node, "probes.load", allowed: loadKeys)
        var settings = LoadProbeSettings()
        if let n = fields["rate"] {
            let text = try reader.string(n, "probes.load.rate")
            if text == "max" {
                settings.rate = nil
            } else {
                guard let rate = Grammar.rate(text) else {
                    throw reader.error(n, "probes.load.rate", "'\(text)' is not a rate (use e.g. 500/s, 30/m, or max)")
                }
                guard rate > 0 else { throw reader.error(n, "probes.load.rate", "must be greater than zero, got '\(text)'") }
                guard rate <= 10_000_000 else { throw reader.error(n, "probes.load.rate", "'\(text)' is above 10,000,000/s") }
                settings.rate = rate
            }
        }
        if let n = fields["duration"] { settings.duration = try reader.duration(n, "probes.load.duration") }
        if let n = fields["connections"] {
            settings.connections = try reader.integer(n, "probes.load.connections", in: 1...1_000_000)
            settings.connectionsLine = n.mark?.line
        }
        if let n = fields["arrivals"] {
            let text = try reader.string(n, "probes.load.arrivals")
            guard let arrivals = ArrivalProcess(rawValue: text) else {
                throw reader.error(n, "probes.load.arrivals", "'\(text)' is not constant or poisson")
            }
            settings.arrivals = arrivals
        }
        if let n = fields["store_cap"] {
            settings.storeCap = try reader.integer(n, "probes.load.store_cap", in: 0...Int(Int32.max))
        }
        if let n = fields["timeout"] { settings.timeout = try timeout(n, "probes.load.timeout", reader) }
        if let n = fields["path"] { settings.path = try path(n, "probes.load.path", reader) }
        if let n = fields["engine"] {
            let text = try reader.string(n, "probes.load.engine")
            guard let engine = LoadEngine(rawValue: text) else {
                throw reader.error(n, "probes.load.engine", "'\(text)' is not auto, curl or native")
            }
            settings.engine = engine
            settings.engineLine = n.mark?.line
        }
        if let n = fields["interval"] {
            settings.interval = try reader.duration(n, "probes.load.interval")
            guard settings.interval >= .milliseconds(10) else {
                throw reader.error(n, "probes.load.interval", "must be at least 10ms")
            }
        }
        return settings
    }

    /// A path on the endpoint's origin: starts with `/`, no spaces.
    static func path(_ node: Node, _ field: String, _ reader: YAMLReader) throws(ConfigError) -> String {
        let text = try reader.string(node, field)
        guard text.hasPrefix("/"), !text.contains(where: { $0.isWhitespace }) else {
            throw reader.error(node, field, "'\(text)' must be a path starting with / (no spaces)")
        }
        return text
    }

    /// A size in the grammar (`8MiB`, `10MB`), greater than zero.
    static func size(_ node: Node, _ field: String, _ reader: YAMLReader) throws(ConfigError) -> Int64 {
        let text = try reader.string(node, field)
        guard let bytes = Grammar.size(text) else {
            throw reader.error(node, field, "'\(text)' is not a size (use e.g. 64KiB, 8MiB, 1GiB, 10MB)")
        }
        guard bytes > 0 else { throw reader.error(node, field, "must be greater than zero") }
        return bytes
    }
}

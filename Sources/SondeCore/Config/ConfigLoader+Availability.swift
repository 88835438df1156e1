import Yams

extension ConfigLoader {
    static let availabilityKeys: Set<String> = ["interval", "timeout", "duration", "failures_to_interrupt", "path", "job"]
    static let jobKeys: Set<String> = ["length", "checkpoint_cost", "restart_cost"]

    /// `probes.availability` of a `probes` section, when it names one.
    static func parseAvailabilitySection(_ probes: Node?, _ reader: YAMLReader) throws(ConfigError) -> AvailabilitySettings? {
        guard case let .mapping(mapping)? = probes else { return nil }
        for (key, value) in mapping where key.string == ProbeKind.availability.rawValue {
            return try parseAvailability(value, reader)
        }
        return nil
    }

    /// Parses `probes.availability`.
    static func parseAvailability(_ node: Node, _ reader: YAMLReader) throws(ConfigError) -> AvailabilitySettings {
        let field = "probes.availability"
        let fields = try reader.mapping(node, field, allowed: availabilityKeys)
        var settings = AvailabilitySettings()
        if let n = fields["interval"] { settings.interval = try reader.duration(n, "\(field).interval") }
        if let n = fields["timeout"] { settings.timeout = try timeout(n, "\(field).timeout", reader) }
        if let n = fields["duration"] { settings.duration = try reader.duration(n, "\(field).duration") }
        if let n = fields["failures_to_interrupt"] {
            settings.failuresToInterrupt = try reader.integer(n, "\(field).failures_to_interrupt", in: 1...10_000)
        }
        if let n = fields["path"] { settings.path = try path(n, "\(field).path", reader) }
        guard settings.duration >= settings.interval else {
            throw reader.error(fields["duration"] ?? fields["interval"] ?? node, "\(field).duration",
                               "must be at least the interval (\(settings.interval))")
        }
        if let jobNode = fields["job"] {
            let jobFields = try reader.mapping(jobNode, "\(field).job", allowed: jobKeys)
            if let n = jobFields["length"] { settings.job.length = try reader.duration(n, "\(field).job.length") }
            if let n = jobFields["checkpoint_cost"] {
                settings.job.checkpointCost = try reader.duration(n, "\(field).job.checkpoint_cost")
            }
            if let n = jobFields["restart_cost"] {
                // Zero is meaningful here (a job that resumes at once), unlike the other durations.
                let text = try reader.string(n, "\(field).job.restart_cost")
                guard let value = Grammar.duration(text), value >= .zero else {
                    throw reader.error(n, "\(field).job.restart_cost", "'\(text)' is not a duration (use e.g. 0s, 90s, 5m)")
                }
                settings.job.restartCost = value
            }
        }
        return settings
    }
}

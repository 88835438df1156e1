import SondeCore
import Yams

extension FleetSpecDecoder {
    /// `fault`, `fault_schedule: { every: 10s, duration: 3s }`, `fault_probability: 0.3` and
    /// `require_header: { name: Authorization, value: "Bearer xyz" }`.
    func decodeFaults(_ fields: Fields, into provider: inout EmulatedProviderSpec) throws(ConfigError) {
        provider.fault = try fields.optional("fault") { node, field throws(ConfigError) in
            let text = try scalar(node, field)
            guard let fault = EmulatedProviderSpec.Fault(text) else {
                throw error(node, field, "unknown fault '\(text)' (expected none, refuse, stall, reset, truncate, "
                            + "status:N with N in 400-599, or dribble:RATE such as dribble:20B/s)")
            }
            return fault
        } ?? .none
        provider.faultSchedule = try fields.optional("fault_schedule") { node, path throws(ConfigError) in
            let schedule = try Fields(node, path: path, allowed: ["every", "duration"], decoder: self)
            let every = try schedule.required("every", windowDuration)
            let duration = try schedule.required("duration", windowDuration)
            guard duration <= every else {
                throw error(node, schedule.field("duration"), "expected a window no longer than 'every'")
            }
            return .init(every: every, duration: duration)
        }
        provider.faultProbability = try fields.optional("fault_probability") { node, field throws(ConfigError) in
            let text = try scalar(node, field)
            guard let value = Double(text), (0...1).contains(value) else {
                throw error(node, field, "expected a number from 0 to 1, got '\(text)'")
            }
            return value
        }
        if provider.fault == .refuse, let node = fields["fault_schedule"] ?? fields["fault_probability"] {
            // A refused connection comes from the kernel before any request is read, so it cannot
            // be chosen per request; a listener that opens and closes would drop healthy requests.
            throw error(node, fields.field(fields["fault_schedule"] != nil ? "fault_schedule" : "fault_probability"),
                        "fault 'refuse' is always on; it cannot be scheduled")
        }
        provider.requireHeader = try fields.optional("require_header") { node, path throws(ConfigError) in
            let header = try Fields(node, path: path, allowed: ["name", "value"], decoder: self)
            let name = try header.required("name") { node, field throws(ConfigError) in
                let text = try scalar(node, field)
                let token = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "!#$%&'*+-.^_`|~".contains($0)) }
                guard !text.isEmpty, token else { throw error(node, field, "expected a header name such as Authorization") }
                return text
            }
            let value = try header.required("value") { node, field throws(ConfigError) in
                let text = try scalar(node, field)
                guard !text.contains(where: \.isNewline) else { throw error(node, field, "expected a single line") }
                return text
            }
            return .init(name: name, value: value)
        }
    }

    private func windowDuration(_ node: Node, _ field: String) throws(ConfigError) -> Duration {
        let text = try scalar(node, field)
        guard let value = Grammar.duration(text), value > .zero else {
            throw error(node, field, "expected a duration above 0 such as 500ms or 10s, got '\(text)'")
        }
        return value
    }
}

extension FleetSpecDecoder {
    /// `drops: { every: 90s, duration: 2s }` (Poisson starts) or `drops: { at: [3s, 8s], duration: 1s }`.
    func decodeDrops(_ node: Node, path: String) throws(ConfigError) -> EmulatedProviderSpec.Drops {
        let fields = try Fields(node, path: path, allowed: ["every", "at", "duration"], decoder: self)
        let duration = try fields.required("duration", windowDuration)
        switch (fields["every"], fields["at"]) {
        case (let every?, nil):
            return .init(every: try windowDuration(every, fields.field("every")), duration: duration)
        case (nil, let at?):
            guard case .sequence(let items) = at, !items.isEmpty else {
                throw error(at, fields.field("at"), "expected a list of start times such as [3s, 8s]")
            }
            var starts: [Duration] = []
            for (index, item) in items.enumerated() {
                let text = try scalar(item, "\(fields.field("at"))[\(index)]")
                guard let start = Grammar.duration(text), start >= .zero else {
                    throw error(item, "\(fields.field("at"))[\(index)]", "expected a duration such as 3s, got '\(text)'")
                }
                starts.append(start)
            }
            return .init(at: starts, duration: duration)
        default:
            throw error(node, path, "expected exactly one of 'every' (Poisson starts) and 'at' (fixed starts)")
        }
    }
}

import SondeCore
import Yams

extension FleetSpecDecoder {
    /// `provisioning: { accept: 2s, queue: 20m, boot: 3m, jitter: 0.3, failure: 0.02, no_capacity: 0.1 }`.
    func decodeProvisioning(_ fields: Fields, into provider: inout EmulatedProviderSpec) throws(ConfigError) {
        provider.provisioning = try fields.optional("provisioning") { node, path throws(ConfigError) in
            let model = try Fields(node, path: path, allowed: ["accept", "queue", "boot", "jitter", "failure", "no_capacity"],
                                   decoder: self)
            func duration(_ node: Node, _ field: String) throws(ConfigError) -> Duration {
                let text = try scalar(node, field)
                guard let value = Grammar.duration(text), value >= .zero else {
                    throw error(node, field, "expected a duration with a unit such as 2s, 20m, got '\(text)'")
                }
                return value
            }
            func share(_ node: Node, _ field: String, max: Double) throws(ConfigError) -> Double {
                let text = try scalar(node, field)
                guard let value = Double(text), (0...max).contains(value) else {
                    throw error(node, field, "expected a number from 0 to \(max == 1 ? "1" : "2"), got '\(text)'")
                }
                return value
            }
            return EmulatedProviderSpec.Provisioning(
                accept: try model.optional("accept", duration) ?? .zero,
                queue: try model.optional("queue", duration) ?? .zero,
                boot: try model.required("boot", duration),
                jitter: try model.optional("jitter") { n, f throws(ConfigError) in try share(n, f, max: 2) } ?? 0,
                failure: try model.optional("failure") { n, f throws(ConfigError) in try share(n, f, max: 1) } ?? 0,
                noCapacity: try model.optional("no_capacity") { n, f throws(ConfigError) in try share(n, f, max: 1) } ?? 0)
        }
    }
}

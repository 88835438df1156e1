import SondeCore
import Yams

extension FleetSpecDecoder {
    /// `bandwidth: { rate: 100MiB/s, jitter: 0.1 }`.
    func decodeBandwidth(_ node: Node, path: String) throws(ConfigError) -> EmulatedProviderSpec.Bandwidth {
        let fields = try Fields(node, path: path, allowed: ["rate", "jitter"], decoder: self)
        let rate = try fields.required("rate") { node, field throws(ConfigError) in
            let text = try scalar(node, field)
            guard let value = Self.byteRate(text), value > 0 else {
                throw error(node, field, "expected a rate such as 100MiB/s, 50MB/s or 800Mbit/s, got '\(text)'")
            }
            return value
        }
        let jitter = try fields.optional("jitter") { node, field throws(ConfigError) in
            let text = try scalar(node, field)
            guard let value = Double(text), (0...2).contains(value) else {
                throw error(node, field, "expected a number from 0 to 2, got '\(text)'")
            }
            return value
        } ?? 0
        return .init(bytesPerSecond: rate, jitter: jitter)
    }

    /// Bytes per second from `<size>/s` (`100MiB/s`, `50MB/s`) or `<n><k|M|G>bit/s` (`800Mbit/s`,
    /// powers of 1000, divided by 8).
    static func byteRate(_ text: String) -> Double? {
        guard text.hasSuffix("/s") else { return nil }
        let amount = String(text.dropLast(2))
        for (unit, bits) in [("Gbit", 1e9), ("Mbit", 1e6), ("kbit", 1e3)] where amount.hasSuffix(unit) {
            guard let value = Double(amount.dropLast(unit.count)), value.isFinite else { return nil }
            return value * bits / 8
        }
        return Grammar.size(amount).map(Double.init)
    }
}

import SondeCore
import Yams

extension FleetSpecDecoder {
    /// The entries of one YAML mapping, read through the shared ``YAMLReader`` (unknown and
    /// duplicate keys are errors there), with lookups that turn a missing required key into an
    /// error on the mapping's own line.
    struct Fields {
        private let decoder: FleetSpecDecoder
        private let node: Node
        private let path: String
        private let values: [String: Node]

        init(_ node: Node, path: String, allowed: [String], decoder: FleetSpecDecoder) throws(ConfigError) {
            self.decoder = decoder
            self.node = node
            self.path = path
            values = try decoder.reader.mapping(node, path, allowed: Set(allowed))
        }

        /// The value node of `key`, or `nil` when it is absent or written as YAML null.
        subscript(key: String) -> Node? {
            guard let value = values[key] else { return nil }
            if case .scalar = value, value.null != nil { return nil }
            return value
        }

        /// The dotted path of a key of this mapping.
        func field(_ key: String) -> String {
            path.isEmpty ? key : "\(path).\(key)"
        }

        func missing(_ key: String) -> ConfigError {
            decoder.error(node, field(key), "missing required key")
        }

        func required<T>(_ key: String, _ read: (Node, String) throws(ConfigError) -> T) throws(ConfigError) -> T {
            guard let value = self[key] else { throw missing(key) }
            return try read(value, field(key))
        }

        func optional<T>(_ key: String, _ read: (Node, String) throws(ConfigError) -> T) throws(ConfigError) -> T? {
            guard let value = self[key] else { return nil }
            return try read(value, field(key))
        }
    }
}

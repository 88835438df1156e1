import Yams

extension FleetSpecDecoder {
    /// The entries of one YAML mapping, checked for unknown keys (Yams rejects duplicates), with lookups
    /// that turn a missing required key into an error on the mapping's own line.
    struct Fields {
        private let decoder: FleetSpecDecoder
        private let node: Node
        private let path: String
        private var values: [String: Node] = [:]

        init(_ node: Node, path: String, allowed: [String], decoder: FleetSpecDecoder) throws(FleetError) {
            self.decoder = decoder
            self.node = node
            self.path = path
            guard case .mapping(let mapping) = node else {
                throw decoder.error(node, path.isEmpty ? "fleet" : path, "expected a mapping of keys to values")
            }
            for (keyNode, value) in mapping {
                let key = try decoder.scalar(keyNode, path.isEmpty ? "fleet" : path)
                guard allowed.contains(key) else {
                    throw decoder.error(keyNode, field(key), "unknown key (expected one of \(allowed.joined(separator: ", ")))")
                }
                values[key] = value
            }
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

        func missing(_ key: String) -> FleetError {
            decoder.error(node, field(key), "missing required key")
        }

        func required<T>(_ key: String, _ read: (Node, String) throws(FleetError) -> T) throws(FleetError) -> T {
            guard let value = self[key] else { throw missing(key) }
            return try read(value, field(key))
        }

        func optional<T>(_ key: String, _ read: (Node, String) throws(FleetError) -> T) throws(FleetError) -> T? {
            guard let value = self[key] else { return nil }
            return try read(value, field(key))
        }
    }
}

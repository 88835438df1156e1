/// A configuration that cannot be used. Its description is one line naming the file, the line
/// when known, and the field: `sonde.yaml:12: providers[1].endpoint: must be an http(s) URL`.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var line: Int?
    public var field: String
    public var problem: String

    public init(source: String, line: Int?, field: String, problem: String) {
        self.source = source
        self.line = line
        self.field = field
        self.problem = problem
    }

    public var description: String {
        let location = line.map { "\(source):\($0)" } ?? source
        return field.isEmpty ? "\(location): \(problem)" : "\(location): \(field): \(problem)"
    }
}

/// The one error type of the emulator: a fleet file that does not parse, or a fleet that
/// cannot start. It names the file (or provider), the line when there is one, and the field.
public struct FleetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name given to ``FleetSpec/parse(yaml:source:)``, or `fleet` for start-up errors.
    public var source: String
    /// The 1-based line of the offending key or value, when the error comes from a file.
    public var line: Int?
    /// The dotted path of the field, e.g. `providers[2].latency.median`, or a provider name.
    public var field: String
    /// What is wrong, in a few words.
    public var problem: String

    /// Creates an error.
    public init(source: String, line: Int?, field: String, problem: String) {
        self.source = source
        self.line = line
        self.field = field
        self.problem = problem
    }

    /// One line, `source:LINE: field: problem`, in the form compilers use so editors can jump to it.
    public var description: String {
        if let line {
            return "\(source):\(line): \(field): \(problem)"
        }
        return "\(source): \(field): \(problem)"
    }
}

import Foundation

/// `${ENV_VAR}` references in configuration strings. They are resolved only at run time, and
/// the resolved values are kept out of everything stored, logged or reported.
public enum SecretTemplate {
    /// A reference that is malformed or names a variable that is not set.
    public struct Problem: Error, Sendable, Equatable {
        public var problem: String

        public init(problem: String) {
            self.problem = problem
        }
    }

    /// The variable names referenced by `text`, in order.
    public static func references(in text: String) throws(Problem) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw Problem(problem: "unterminated ${ reference")
            }
            let name = rest[start.upperBound..<end]
            guard let first = name.first, first.isLetter || first == "_",
                  name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw Problem(problem: "'${\(name)}' is not a valid environment variable reference")
            }
            names.append(String(name))
            rest = rest[rest.index(after: end)...]
        }
        return names
    }

    /// `text` with every reference replaced by its value from `environment`.
    public static func resolve(_ text: String, environment: [String: String]) throws(Problem) -> String {
        var result = text
        for name in try references(in: text) {
            guard let value = environment[name] else {
                throw Problem(problem: "environment variable \(name) is not set")
            }
            result = result.replacingOccurrences(of: "${\(name)}", with: value)
        }
        return result
    }
}


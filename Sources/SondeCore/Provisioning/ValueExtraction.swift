import Foundation

/// How a value (an id, a state, an endpoint) is read from a provider tool's standard output:
/// a JSON pointer into a JSON document, or a regular expression whose first capture group
/// (or, without groups, whole match) is the value.
public enum ValueExtraction: Sendable, Equatable, CustomStringConvertible {
    case pointer(JSONPointer)
    case regex(String)

    /// Why output could not be read: `garbage` when it is not what the extraction expects at all
    /// (not JSON), `missing` when it is well formed but lacks the value.
    public enum Problem: Error, Sendable, Equatable {
        case garbage(String)
        case missing(String)
    }

    public var description: String {
        switch self {
        case let .pointer(pointer): return "pointer \(pointer)"
        case let .regex(pattern): return "regex \(pattern)"
        }
    }

    /// Whether `pattern` compiles, for configuration checks.
    public static func isValidRegex(_ pattern: String) -> Bool {
        (try? NSRegularExpression(pattern: pattern)) != nil
    }

    /// The value in `output`, as text (numbers and booleans rendered as JSON writes them).
    public func extract(from output: String) throws(Problem) -> String {
        switch self {
        case let .pointer(pointer):
            guard let data = output.data(using: .utf8),
                  let document = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                throw .garbage("output is not JSON")
            }
            guard let value = pointer.resolve(in: document) else { throw .missing("no value at \(pointer)") }
            switch value {
            case let text as String: return text
            case let number as NSNumber: return number.stringValue
            case is NSNull: throw .missing("null at \(pointer)")
            default: throw .missing("\(pointer) is not a string or number")
            }
        case let .regex(pattern):
            guard let regex = try? NSRegularExpression(pattern: pattern) else { throw .garbage("bad regex") }
            let range = NSRange(output.startIndex..., in: output)
            guard let match = regex.firstMatch(in: output, range: range) else {
                throw .missing("no match for /\(pattern)/")
            }
            let group = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
            guard let found = Range(group, in: output) else { throw .missing("empty match for /\(pattern)/") }
            return String(output[found])
        }
    }
}

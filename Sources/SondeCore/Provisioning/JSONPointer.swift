import Foundation

/// RFC 6901 JSON pointers over values decoded by `JSONSerialization` (`/Instances/0/InstanceId`).
public struct JSONPointer: Sendable, Equatable, CustomStringConvertible {
    /// The unescaped reference tokens.
    public let tokens: [String]
    public let description: String

    /// Parses `text`; nil when it is neither empty (the whole document) nor starts with `/`.
    public init?(_ text: String) {
        guard text.isEmpty || text.hasPrefix("/") else { return nil }
        description = text
        // ~1 before ~0, as RFC 6901 section 4 requires, so "~01" becomes "~1" and not "/".
        tokens = text.isEmpty ? [] : text.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") }
    }

    /// The value the pointer names in `document`, or nil when a token does not match.
    public func resolve(in document: Any) -> Any? {
        var current: Any = document
        for token in tokens {
            if let object = current as? [String: Any] {
                guard let next = object[token] else { return nil }
                current = next
            } else if let array = current as? [Any] {
                // RFC 6901: array indices are decimal without leading zeros.
                guard let index = Int(token), index >= 0, index < array.count,
                      token == "0" || !token.hasPrefix("0") else { return nil }
                current = array[index]
            } else {
                return nil
            }
        }
        return current
    }
}

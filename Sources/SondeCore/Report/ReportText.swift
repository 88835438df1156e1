/// Prose of a report section: our own words, with the names that came from configuration or
/// servers kept apart, so each format escapes exactly those (Markdown would mangle `first_byte`
/// in our words; it must neutralise `|` or `<b>` in a provider's name).
public struct ReportText: Sendable, Equatable, Codable, ExpressibleByStringLiteral {
    /// A piece of text; `isName` marks text from outside (configuration, servers).
    public struct Part: Sendable, Equatable {
        /// The characters.
        public var text: String
        /// Whether they came from configuration or servers.
        public var isName: Bool
    }

    /// The pieces, in order.
    public var parts: [Part]

    /// Our own words.
    public init(_ text: String) { parts = text.isEmpty ? [] : [Part(text: text, isName: false)] }

    /// Our own words, from a literal.
    public init(stringLiteral value: String) { self.init(value) }

    /// Text from configuration or servers.
    public static func name(_ text: String) -> ReportText {
        var result = ReportText("")
        result.parts = [Part(text: text, isName: true)]
        return result
    }

    /// Names joined by `separator` (our words).
    public static func names(_ names: [String], separator: String = ", ") -> ReportText {
        var result = ReportText("")
        for (index, name) in names.enumerated() {
            if index > 0 { result += ReportText(separator) }
            result += .name(name)
        }
        return result
    }

    /// The plain text, names unescaped (CSV, JSON).
    public var plain: String { parts.map(\.text).joined() }

    /// The text with every name passed through `escape`, our words through `words`.
    public func rendered(names escape: (String) -> String, words: (String) -> String = { $0 }) -> String {
        parts.map { $0.isName ? escape($0.text) : words($0.text) }.joined()
    }

    /// Equal when the texts read the same: which parts are names matters for escaping only, and
    /// JSON (which stores the plain text) does not keep it.
    public static func == (lhs: ReportText, rhs: ReportText) -> Bool { lhs.plain == rhs.plain }

    /// The two texts one after the other.
    public static func + (lhs: ReportText, rhs: ReportText) -> ReportText {
        var result = lhs
        result.parts += rhs.parts
        return result
    }

    /// Appends `rhs`.
    public static func += (lhs: inout ReportText, rhs: ReportText) { lhs = lhs + rhs }

    /// Encoded as its plain string.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the plain string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(plain)
    }
}

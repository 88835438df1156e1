/// A run label with placeholders, for runs started by `sonde schedule`:
/// `{n}` (the round, from 1), `{vantage}`, `{date}` (`2026-11-25`, UTC) and `{start}`
/// (`2026-11-25T03:40:00Z`), the round's fire time. Text without braces is a fixed label.
public struct LabelTemplate: Sendable, Equatable {
    public static let placeholders = ["n", "vantage", "date", "start"]
    private enum Piece: Sendable, Equatable {
        case text(String)
        case placeholder(String)
    }

    private let pieces: [Piece]

    /// Parses `text`; an unknown placeholder or an unclosed brace is an error naming it.
    public init(_ text: String) throws(LabelTemplateError) {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { pieces.append(.text(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw LabelTemplateError(template: text, problem: "'{' is never closed")
            }
            let name = String(rest[rest.index(after: open)..<close])
            guard Self.placeholders.contains(name) else {
                throw LabelTemplateError(template: text, problem: "unknown placeholder '{\(name)}' (use {n}, {vantage}, {date}, {start})")
            }
            pieces.append(.placeholder(name))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        self.pieces = pieces
    }

    /// The label of round `round` (from 1) fired at `fireNs` (nanoseconds since the epoch).
    public func label(round: Int, vantage: String?, fireNs: Int64) -> String {
        let time = CivilTime(epochSeconds: CivilTime.floorDiv(fireNs, 1_000_000_000))
        return pieces.map { piece in
            switch piece {
            case .text(let text): return text
            case .placeholder("n"): return String(round)
            case .placeholder("vantage"): return vantage ?? ""
            case .placeholder("date"): return time.dateText
            case .placeholder(_): return time.isoText
            }
        }.joined()
    }
}

/// A label template that cannot be used.
public struct LabelTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var template: String
    public var problem: String
    public var description: String { "--label '\(template)': \(problem)" }
}

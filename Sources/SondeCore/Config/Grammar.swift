/// The value grammar shared by configuration and fleet files: durations (`250us`, `200ms`,
/// `5s`, `10m`, `2h`, `7d`), rates (`500/s`, `30/m`) and sizes (`64KiB`, `1GiB`, `10MB`).
///
/// Parsing returns `nil` for anything outside the grammar so that callers can attach the
/// file, line and field to their own error.
public enum Grammar {
    /// Parses a duration such as `250us`, `200ms`, `1.5s`, `10m`, `2h` or `7d`. A bare number is rejected:
    /// units are mandatory, because `interval: 200` is ambiguous.
    public static func duration(_ text: String) -> Duration? {
        let (number, unit) = split(text)
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let nanosPerUnit: Double
        switch unit {
        case "ns": nanosPerUnit = 1
        case "us", "µs": nanosPerUnit = 1e3
        case "ms": nanosPerUnit = 1e6
        case "s": nanosPerUnit = 1e9
        case "m", "min": nanosPerUnit = 60e9
        case "h": nanosPerUnit = 3600e9
        // Days, for look-back windows (`sonde runs --since 7d`); always 24 h, no calendar.
        case "d": nanosPerUnit = 86_400e9
        default: return nil
        }
        let nanos = value * nanosPerUnit
        guard nanos < Double(Int64.max) else { return nil }
        return .nanoseconds(Int64(nanos.rounded()))
    }

    /// Parses a rate such as `500/s`, `30/m` or `2/h` into events per second.
    public static func rate(_ text: String) -> Double? {
        let parts = text.trimmingWhitespace().split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Double(parts[0].trimmingWhitespace()), count.isFinite else { return nil }
        let per: Double
        switch parts[1].trimmingWhitespace() {
        case "s": per = 1
        case "m", "min": per = 60
        case "h": per = 3600
        default: return nil
        }
        return count / per
    }

    /// Parses a size such as `512B`, `64KiB`, `64MiB`, `1GiB` (powers of 1024) or `10kB`, `10MB`,
    /// `1GB` (powers of 1000) into bytes.
    public static func size(_ text: String) -> Int64? {
        let (number, unit) = split(text)
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let multiplier: Double
        switch unit {
        case "B", "": multiplier = 1
        case "KiB": multiplier = 1024
        case "MiB": multiplier = 1024 * 1024
        case "GiB": multiplier = 1024 * 1024 * 1024
        case "kB", "KB": multiplier = 1e3
        case "MB": multiplier = 1e6
        case "GB": multiplier = 1e9
        default: return nil
        }
        let bytes = value * multiplier
        guard bytes < Double(Int64.max), bytes == bytes.rounded() else { return nil }
        return Int64(bytes)
    }

    /// Renders a duration in the grammar's own notation, choosing the largest exact unit.
    public static func format(_ duration: Duration) -> String {
        let nanos = duration.nanoseconds
        for (unit, size) in [("h", Int64(3_600_000_000_000)), ("m", 60_000_000_000), ("s", 1_000_000_000),
                             ("ms", 1_000_000), ("us", 1_000)] where nanos != 0 && nanos % size == 0 {
            return "\(nanos / size)\(unit)"
        }
        return "\(nanos)ns"
    }

    private static func split(_ text: String) -> (Substring, Substring) {
        let trimmed = text.trimmingWhitespace()
        let index = trimmed.firstIndex { !($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") } ?? trimmed.endIndex
        return (trimmed[..<index], trimmed[index...].trimmingWhitespace())
    }
}

extension Duration {
    /// The whole duration in nanoseconds, saturating at `Int64.max`.
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return product + attoseconds / 1_000_000_000
    }

    /// The whole duration in microseconds.
    public var microseconds: Int64 { nanoseconds / 1_000 }

    /// The duration in (fractional) seconds.
    public var seconds: Double { Double(nanoseconds) / 1e9 }
}

extension StringProtocol {
    func trimmingWhitespace() -> Substring {
        let characters = Substring(self)
        guard let first = characters.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = characters.lastIndex(where: { !$0.isWhitespace })!
        return characters[first...last]
    }
}

import Foundation

/// Fixed, locale-independent number formatting shared by the exporters, so golden files are stable.
enum NumberFormatting {
    /// Microseconds as milliseconds with `digits` decimals.
    static func ms(_ microseconds: Double, digits: Int = 2) -> String {
        fixed(microseconds / 1000, digits: digits)
    }

    static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "" : (value > 0 ? "inf" : "-inf") }
        let text = String(format: "%.\(digits)f", value)
        return text == "-0" || text.hasPrefix("-0.") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// An ISO 8601 UTC timestamp for nanoseconds since the epoch.
    static func timestamp(_ ns: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(ns) / 1e9)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}

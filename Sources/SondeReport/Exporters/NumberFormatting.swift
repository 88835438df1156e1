import Foundation
import SondeCore

/// Fixed, locale-independent number formatting shared by the exporters, so golden files are stable.
enum NumberFormatting {
    /// Microseconds as milliseconds with `digits` decimals.
    static func ms(_ microseconds: Double, digits: Int = 2) -> String {
        NumberFormat.ms(microseconds, digits: digits)
    }

    /// Core's `NumberFormat.fixed`: one formatter for every format.
    static func fixed(_ value: Double, digits: Int) -> String {
        NumberFormat.fixed(value, digits: digits)
    }

    /// An ISO 8601 UTC timestamp for nanoseconds since the epoch.
    static func timestamp(_ ns: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(ns) / 1e9)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}

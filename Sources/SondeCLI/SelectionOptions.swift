import ArgumentParser
import Foundation
import SondeCore

/// The run filters shared by `sonde report` and `sonde runs`: a label glob, a time window
/// (`--since` or `--from`, and `--to`) and vantage points. Every filter given must hold.
struct SelectionOptions: ParsableArguments {
    @Option(help: "Only runs whose label matches this GLOB pattern (*, ?, [...]; case-sensitive).")
    var labels: String?

    @Option(help: "Only runs started within this long before now (e.g. 90m, 12h, 7d).")
    var since: String?

    @Option(help: "Only runs started at or after this time (RFC 3339, e.g. 2026-12-01T00:00:00Z; a date alone is midnight UTC).")
    var from: String?

    @Option(help: "Only runs started before this time (RFC 3339).")
    var to: String?

    @Option(help: "Only runs from this vantage point (repeat for several).")
    var vantage: [String] = []

    /// Whether any filter was given (then `sonde report` selects every run that passes them).
    var isFiltering: Bool { labels != nil || since != nil || from != nil || to != nil || !vantage.isEmpty }

    func validate() throws {
        if since != nil && from != nil { throw ValidationError("choose one of --since and --from") }
        if let since, Grammar.duration(since) == nil {
            throw ValidationError("--since: '\(since)' is not a duration (e.g. 90m, 12h, 7d)")
        }
        for (name, text) in [("--from", from), ("--to", to)] {
            if let text, Self.instant(text) == nil {
                throw ValidationError("\(name): '\(text)' is not an RFC 3339 time (e.g. 2026-12-01T00:00:00Z)")
            }
        }
    }

    /// The window's start, nanoseconds since the epoch: `--from`, or `--since` before `nowNs`.
    func fromNs(nowNs: Int64 = Int64(Date().timeIntervalSince1970 * 1e9)) -> Int64? {
        if let from { return Self.instant(from) }
        return since.flatMap(Grammar.duration).map { nowNs - $0.nanoseconds }
    }

    /// The window's end (exclusive).
    var toNs: Int64? { to.flatMap(Self.instant) }

    /// `pick` narrowed by these filters.
    func selection(_ pick: RunSelection.Pick) -> RunSelection {
        RunSelection(pick, labelPattern: labels, fromNs: fromNs(), toNs: toNs, vantages: vantage)
    }

    /// Nanoseconds since the epoch of an RFC 3339 time (fractional seconds allowed) or a date
    /// (midnight UTC); times past 2262 (or before 1677) clamp to the ends of the range.
    static func instant(_ text: String) -> Int64? {
        RFC3339.nanoseconds(text, clamping: true, dateAlone: true)
    }
}

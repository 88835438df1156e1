import ArgumentParser
import Foundation
import SondeCore
import SondeReport
import SondeStore

extension RunListExporter.Format: ExpressibleByArgument {}

/// `sonde runs`: list stored runs, newest first, with their sample counts.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List stored runs, newest first, with their sample counts.",
        discussion: """
            Filters combine (every one given must hold). Times are RFC 3339 (2026-12-01T00:00:00Z; \
            a date alone is midnight UTC); --from is inclusive, --to exclusive.
            """)

    @Option(help: "The SQLite database to read.")
    var db = "sonde.db"

    @Option(help: "Only runs with exactly this label.")
    var label: String?

    @Option(help: "Only runs whose label matches this GLOB pattern (*, ?, [...]; case-sensitive).")
    var labels: String?

    @Option(help: "Only runs started within this long before now (e.g. 90m, 12h, 7d).")
    var since: String?

    @Option(help: "Only runs started at or after this time (RFC 3339).")
    var from: String?

    @Option(help: "Only runs started before this time (RFC 3339).")
    var to: String?

    @Option(help: "Only runs from this vantage point (repeat for several).")
    var vantage: [String] = []

    @Option(help: "At most this many runs (the newest).")
    var limit: Int?

    @Option(help: "table, csv or json.")
    var format: RunListExporter.Format = .table

    func validate() throws {
        if since != nil && from != nil { throw ValidationError("choose one of --since and --from") }
        if let since, Grammar.duration(since) == nil {
            throw ValidationError("--since: '\(since)' is not a duration (e.g. 90m, 12h, 7d)")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        for (name, text) in [("--from", from), ("--to", to)] {
            if let text, Self.instant(text) == nil {
                throw ValidationError("\(name): '\(text)' is not an RFC 3339 time (e.g. 2026-12-01T00:00:00Z)")
            }
        }
    }

    func run() async throws {
        try await reportingErrors {
            var filter = RunFilter(label: label, labelPattern: labels, vantages: vantage, limit: limit)
            if let since, let window = Grammar.duration(since) {
                filter.startedFromNs = Int64(Date().timeIntervalSince1970 * 1e9) - window.nanoseconds
            }
            filter.startedFromNs = from.flatMap(Self.instant) ?? filter.startedFromNs
            filter.startedBeforeNs = to.flatMap(Self.instant)
            let store = try StoreOpener.open(db, create: false)
            Terminal.output(RunListExporter.export(try store.runSummaries(filter), format: format))
        }
    }

    /// Nanoseconds since the epoch of an RFC 3339 time (fractional seconds allowed) or a date.
    static func instant(_ text: String) -> Int64? {
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds],
                                                      [.withFullDate]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            formatter.timeZone = TimeZone(identifier: "UTC")
            guard let date = formatter.date(from: text) else { continue }
            // Nanoseconds since 1970 fit in Int64 until the year 2262: later (or far earlier) times clamp.
            let ns = (date.timeIntervalSince1970 * 1e9).rounded()
            return ns >= 9.2e18 ? .max : (ns <= -9.2e18 ? .min : Int64(ns))
        }
        return nil
    }
}

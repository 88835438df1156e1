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

    @OptionGroup var filters: SelectionOptions

    @Option(help: "At most this many runs (the newest).")
    var limit: Int?

    @Option(help: "table, csv or json.")
    var format: RunListExporter.Format = .table

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        try await reportingErrors {
            let filter = RunFilter(label: label, labelPattern: filters.labels, startedFromNs: filters.fromNs(),
                                   startedBeforeNs: filters.toNs, vantages: filters.vantage, limit: limit)
            let store = try StoreOpener.open(db, create: false)
            Terminal.output(RunListExporter.export(try store.runSummaries(filter), format: format))
        }
    }
}

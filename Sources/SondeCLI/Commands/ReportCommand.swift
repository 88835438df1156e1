import ArgumentParser
import SondeCore
import SondeReport
import SondeStore

extension ReportFormat: ExpressibleByArgument {}

/// `sonde report`: render a stored run.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Render a stored run as a report.")

    @Option(help: "The SQLite database to read.")
    var db = "sonde.db"

    @Option(help: "A run id or unambiguous prefix.")
    var run: String?

    @Flag(help: "The most recent run (the default).")
    var last = false

    @Option(help: "The most recent run with this label.")
    var label: String?

    @Option(help: "Compare every provider with this one (default: analysis.baseline of the run's configuration, else its only centralized provider).")
    var baseline: String?

    @Option(help: "md, csv (every section as one long table: section, table, row, column, unit, value), json (every section, the statistics, comparisons and raw samples), samples (one CSV row per raw sample), html (one self-contained page with charts), bmf (Bencher Metric Format), gab (github-action-benchmark customSmallerIsBetter), hlog (HdrHistogram interval log) or openmetrics (docs/export.md).")
    var format: ReportFormat = .md

    @Option(help: "hlog: seconds per latency-probe interval histogram.")
    var interval: Double = 10

    @Option(name: [.short, .customLong("output")], help: "Write here instead of standard output.")
    var output: String?

    func validate() throws {
        if [run != nil, last, label != nil].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --run, --last and --label")
        }
        if !(interval > 0) || !interval.isFinite { throw ValidationError("--interval must be a positive number of seconds") }
    }

    func run() async throws {
        try await reportingErrors {
            let selection = RunSelection(run.map { .ids([$0]) } ?? label.map(RunSelection.Pick.label) ?? .last)
            // Raw rows stream from the store; they need no analysis and must not all sit in memory.
            if format == .samples { return try SamplesExport.run(databasePath: db, selection: selection, output: output) }
            let input = try ReportLoader.load(databasePath: db, selection: selection, baseline: baseline)
            let exporter: any Exporter = format == .hlog ? HlogExporter(interval: interval) : format.exporter
            let bytes = exporter.export(input)
            if let output { try Files.write(bytes, to: output) } else { Terminal.output(bytes) }
        }
    }
}

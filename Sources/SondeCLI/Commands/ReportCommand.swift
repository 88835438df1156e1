import ArgumentParser
import SondeCore
import SondeReport
import SondeStore

extension ReportFormat: ExpressibleByArgument {}
extension HistoryBucketWidth: ExpressibleByArgument {}

/// `sonde report`: render a stored run, or the history of several (docs/history.md).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Render a stored run as a report, or several runs as a history report.",
        discussion: """
            With a filter (--labels, --since, --from, --to, --vantage) and none of --run, --last and --label, every \
            run that passes the filters is selected; more than one gives a history report (md, csv, json or html): \
            per provider and time window, per run, change points and pooled availability (docs/history.md).
            """)

    @Option(help: "The SQLite database to read.")
    var db = "sonde.db"

    @Option(help: "A run id or unambiguous prefix.")
    var run: String?

    @Flag(help: "The most recent run (the default).")
    var last = false

    @Option(help: "The most recent run with this label.")
    var label: String?

    @OptionGroup var filters: SelectionOptions

    @Option(help: "History report: the window width, hour or day (default: hours for a span of at most three days).")
    var bucket: HistoryBucketWidth?

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
            let pick = run.map { .ids([$0]) } ?? label.map(RunSelection.Pick.label)
                ?? (last || !filters.isFiltering ? RunSelection.Pick.last : .all)
            let selection = filters.selection(pick)
            if pick == .all && format != .samples,
               let history = try ReportLoader.history(databasePath: db, selection: selection, bucket: bucket,
                                                                   baseline: baseline) {
                guard let bytes = HistoryReport(history).export(format) else {
                    throw CLIError(.usage, "a history report (\(history.runIdentifiers.count) runs selected) is md, csv, json or html, "
                        + "not \(format.rawValue); select one run with --run, --last or --label for that format")
                }
                if let output { try Files.write(bytes, to: output) } else { Terminal.output(bytes) }
                return
            }
            // Raw rows stream from the store; they need no analysis and must not all sit in memory.
            if format == .samples { return try SamplesExport.run(databasePath: db, selection: selection, output: output) }
            let input = try ReportLoader.load(databasePath: db, selection: selection, baseline: baseline)
            let exporter: any Exporter = format == .hlog ? HlogExporter(interval: interval) : format.exporter
            let bytes = exporter.export(input)
            if let output { try Files.write(bytes, to: output) } else { Terminal.output(bytes) }
        }
    }
}

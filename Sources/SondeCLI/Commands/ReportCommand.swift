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
            per provider and time window, per run, change points and pooled availability (docs/history.md). \
            Runs of one plan from distinct vantage points with one label (sonde run --vantage V --label L) are \
            instead pooled into one comparison with a per-vantage section; --by-vantage asks for that and exits 64 \
            when the runs are not one plan.
            """)

    @Option(help: "The SQLite database to read.")
    var db = "sonde.db"

    @Option(help: "A run id or unambiguous prefix (repeat for several vantage points of one plan).")
    var run: [String] = []

    @Flag(help: "The most recent run (the default).")
    var last = false

    @Option(help: "The most recent run with this label.")
    var label: String?

    @OptionGroup var filters: SelectionOptions

    @Flag(help: "Pool the selected runs (one plan, one run per vantage point) into one comparison with the vantage point as a dimension; with --label, every run with that label.")
    var byVantage = false

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
        if [!run.isEmpty, last, label != nil].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --run, --last and --label")
        }
        if !(interval > 0) || !interval.isFinite { throw ValidationError("--interval must be a positive number of seconds") }
    }

    func run() async throws {
        try await reportingErrors {
            let labelPick = label.map { byVantage ? RunSelection.Pick.labelled($0) : .label($0) }
            let pick = run.isEmpty ? labelPick ?? (last || !filters.isFiltering ? RunSelection.Pick.last : .all) : .ids(run)
            let selection = filters.selection(pick)
            // Several vantage points of one plan: one comparison (docs/history.md), before the history.
            let several = pick == .all || run.count > 1
            if format != .samples, byVantage || several,
               let pooled = try ReportLoader.pooled(databasePath: db, selection: selection, force: byVantage, baseline: baseline) {
                let exporter: any Exporter = format == .hlog ? HlogExporter(interval: interval) : format.exporter
                let bytes = exporter.export(pooled)
                if let output { try Files.write(bytes, to: output) } else { Terminal.output(bytes) }
                return
            }
            if several && format != .samples,
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

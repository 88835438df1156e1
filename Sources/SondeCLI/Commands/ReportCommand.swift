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

    @Option(help: "md, csv (statistics), json (statistics, comparisons and raw samples), samples (one CSV row per raw sample), or html (one self-contained page with charts).")
    var format: ReportFormat = .md

    @Option(name: [.short, .customLong("output")], help: "Write here instead of standard output.")
    var output: String?

    func validate() throws {
        if [run != nil, last, label != nil].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --run, --last and --label")
        }
    }

    func run() async throws {
        try await reportingErrors {
            let selector: RunSelector = run.map(RunSelector.id) ?? label.map(RunSelector.label) ?? .last
            // Raw rows stream from the store; they need no analysis and must not all sit in memory.
            if format == .samples { return try SamplesExport.run(databasePath: db, selector: selector, output: output) }
            let input = try ReportLoader.load(databasePath: db, selector: selector, baseline: baseline)
            let bytes = format.exporter.export(input)
            if let output { try Files.write(bytes, to: output) } else { Terminal.output(bytes) }
        }
    }
}

/// Opens an existing database and loads one run for reporting, with its comparison settings.
enum ReportLoader {
    static func load(databasePath: String, selector: RunSelector, baseline: String? = nil) throws -> ReportInput {
        let store = try StoreOpener.open(databasePath, create: false)
        let record = try store.run(selector)
        let data = try store.load(record)
        let (throughput, load) = try throughputAnalyses(store: store, record: record)
        var input: ReportInput
        do {
            input = try ReportInput(data: data, options: analysisOptions(record, data: data, baseline: baseline), throughput: throughput)
        } catch {
            throw CLIError(.usage, error.description)
        }
        input.load = load
        try addLLM(to: &input, store: store, record: record)
        try addAvailability(to: &input, store: store, record: record)
        try addProvisioning(to: &input, store: store, record: record)
        return input
    }

    /// The run's own `analysis` settings, with the baseline from `--baseline`, the configuration,
    /// or the run's only centralized provider, in that order; `nil` when none applies.
    static func analysisOptions(_ record: RunRecord, data: RunData, baseline: String?) -> AnalysisOptions? {
        let settings = (try? ConfigLoader.parse(record.info.configText, source: "run configuration"))?.analysis ?? AnalysisSettings()
        let centralized = data.series.filter { $0.provider.kind == .centralized }
        guard let name = baseline ?? settings.baseline ?? (centralized.count == 1 ? centralized[0].provider.name : nil) else {
            return nil
        }
        return settings.options(baseline: name)
    }
}

import ArgumentParser
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

    @Option(help: "md, csv (statistics), or samples (one CSV row per raw sample).")
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
            let input = try ReportLoader.load(databasePath: db, selector: selector)
            let bytes = format.exporter.export(input)
            if let output { try Files.write(bytes, to: output) } else { Terminal.output(bytes) }
        }
    }
}

/// Opens an existing database and loads one run for reporting.
enum ReportLoader {
    static func load(databasePath: String, selector: RunSelector) throws -> ReportInput {
        guard Files.exists(databasePath) else {
            throw CLIError(.noInput, "database \(databasePath) does not exist")
        }
        let store = try SampleStore(path: databasePath, create: false)
        let record = try store.run(selector)
        var input = ReportInput(data: try store.load(record))
        try addThroughput(to: &input, store: store, record: record)
        try addLLM(to: &input, store: store, record: record)
        return input
    }
}

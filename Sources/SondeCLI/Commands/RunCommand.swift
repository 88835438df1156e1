import ArgumentParser
import SondeCore
import SondeStore

/// `sonde run -c sonde.yaml`: probe every configured provider and store the samples.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Probe the configured providers and store every sample.")

    @Option(name: [.short, .customLong("config")], help: "The configuration file.")
    var config: String?

    @Option(help: "Continue an interrupted run (id, prefix or label) to its planned sample counts, from its stored configuration.")
    var resume: String?

    @Option(help: .hidden)
    var sendLog: String?

    @Option(help: "The SQLite database to write.")
    var db = "sonde.db"

    @Option(help: "A label to find this run by.")
    var label: String?

    @Option(help: "Where the probes run from (e.g. office-berlin).")
    var vantage: String?

    @Option(help: "Stop after this long (e.g. 90s, 10m), even before the planned samples.")
    var duration: String?

    func validate() throws {
        guard (config == nil) != (resume == nil) else {
            throw ValidationError("give either -c/--config or --resume")
        }
        try Arguments.validateName(label, option: "--label")
        try Arguments.validateName(vantage, option: "--vantage")
    }

    func run() async throws {
        try await reportingErrors {
            let limit = try Arguments.duration(duration, option: "--duration")
            let record: RunRecord
            if let resume {
                record = try await ResumeSession(databasePath: db, selector: RunSelector.parse(resume), duration: limit,
                                                 sendLog: sendLog).execute()
            } else {
                let path = config ?? ""
                let text = try Files.readText(path, what: "configuration")
                let parsed = try ConfigLoader.parse(text, source: path)
                let session = RunSession(config: parsed, databasePath: db, label: label, vantage: vantage,
                                         duration: limit, sendLog: sendLog)
                record = try await session.execute()
            }
            Terminal.status("run \(record.info.id) \(record.status.rawValue); samples in \(db)")
        }
    }
}

/// Parsing of option values in sonde's grammar.
enum Arguments {
    /// Rejects a label or vantage name that `NameRules` would reject in a configuration (exit 64, naming the flag).
    static func validateName(_ text: String?, option: String) throws {
        if let text, let problem = NameRules.problem(text) { throw ValidationError("\(option): \(problem)") }
    }

    static func duration(_ text: String?, option: String) throws -> Duration? {
        guard let text else { return nil }
        guard let value = Grammar.duration(text), value > .zero else {
            throw CLIError(.usage, "\(option): '\(text)' is not a duration (use e.g. 90s, 10m, 2h)")
        }
        return value
    }
}

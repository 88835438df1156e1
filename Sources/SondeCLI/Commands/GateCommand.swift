import ArgumentParser
import Foundation
import SondeCore
import SondeReport
import SondeStore

/// `sonde gate`: compare a candidate run with a baseline (a run, or a committed JSON report) and
/// exit 2 on a significant regression beyond a rule's limit.
struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate", abstract: "Fail a CI build when a candidate run is significantly worse than a baseline.",
        discussion: """
            A multi-run baseline (--labels, --since, --from, --to, --vantage, --runs; or a sonde.baseline/1 file) \
            compares the candidate run with the spread between the baseline runs (docs/ci.md). \
            Exit codes: 0 pass; 2 regression; 4 only improvements (with --report-improvements); 5 baseline missing; \
            64 bad rules or usage; 65 malformed baseline file.
            """)

    @Option(help: "The SQLite database holding the runs.")
    var db = "sonde.db"

    @Option(help: "Baseline: a JSON report file (sonde report --format json), a multi-run baseline file (sonde.baseline/1), or a run id, id prefix or label in --db. Omit it to select several baseline runs with --labels, --since, --from, --to, --vantage or --runs.")
    var baseline: String?

    @OptionGroup(title: "Multi-run baseline (the candidate is never one of its runs)")
    var filters: SelectionOptions

    @Option(help: "Multi-run baseline: the newest N runs that pass the filters.")
    var runs: Int?

    @Flag(help: "Fail (exit 2) on a significant change point that made a gated metric worse, in its per-run series over the baseline runs and the candidate, among the newest --change-point-runs runs.")
    var failOnChangePoint = false

    @Option(help: ArgumentHelp("With --fail-on-change-point: how many of the newest runs (the candidate included) a change point may start in.", valueName: "K"))
    var changePointRuns = 3

    @Option(help: "Write the multi-run baseline's per-run summaries here (schema sonde.baseline/1), to commit as a --baseline file. With --candidate none, write it and compare nothing.")
    var saveBaseline: String?

    @Option(help: "Candidate: a run id, id prefix or label in --db, or `last`; `none` with --save-baseline to compare nothing.")
    var candidate = "last"

    @Option(name: [.customShort("c"), .customLong("rules")], help: "Rules file (docs/ci.md); default: p50 +10%, p99 +20%, error rate 1%.")
    var rules: String?

    @Option(help: "Also write JUnit XML here.")
    var junit: String?

    @Option(help: "Write the Markdown summary here instead of standard output.")
    var summary: String?

    @Flag(help: "Exit 4 when the only changes are significant improvements (e.g. to refresh a committed baseline).")
    var reportImprovements = false

    func validate() throws {
        if let runs, runs < 1 { throw ValidationError("--runs must be at least 1") }
        if changePointRuns < 1 { throw ValidationError("--change-point-runs must be at least 1") }
        if baseline != nil && (filters.isFiltering || runs != nil) {
            throw ValidationError("choose --baseline or the baseline-run filters (--labels, --since, --from, --to, --vantage, --runs), not both")
        }
        if baseline == nil && !filters.isFiltering && runs == nil {
            throw ValidationError("give --baseline, or select baseline runs with --labels, --since, --from, --to, --vantage or --runs")
        }
    }

    func run() async throws {
        try await reportingErrors {
            if try runAcrossRuns() { return }
            guard let baseline else { return }
            let gateRules = try rules.map { path in try GateRules.parse(try Files.readText(path, what: "rules file"), source: path) }
                ?? GateRules()
            let (baselineSamples, baselineName) = try loadBaseline(baseline)
            let store = try StoreOpener.open(db, create: false)
            let candidateRun = try store.run(RunSelector.parse(candidate))
            let candidateSamples = try Self.gateSamples(store, candidateRun)
            let verdict = GateEvaluator.evaluate(
                baseline: baselineSamples, candidate: candidateSamples, rules: gateRules,
                baselineName: baselineName, candidateName: "run \(candidateRun.info.id)" + (candidateRun.info.label.map { " (\($0))" } ?? ""))
            try write(verdict)
            if !verdict.regressions.isEmpty { throw ExitCode(ExitStatus.regression.rawValue) }
            if reportImprovements && !verdict.improvements.isEmpty { throw ExitCode(ExitStatus.improvementsOnly.rawValue) }
        }
    }

    /// A JSON file when `--baseline` names one, else a stored run; anything else is "baseline missing" (5).
    private func loadBaseline(_ baseline: String) throws -> ([String: GateSample], String) {
        if Files.exists(baseline) {
            let text = try Files.readText(baseline, what: "baseline")
            let document: ReportDocument
            do {
                document = try JSONExporter.decode(Array(text.utf8))
            } catch {
                throw CLIError(.dataError, "\(baseline): not a sonde JSON report: \(JSONExporter.describe(error))")
            }
            guard ReportDocument.readableSchemas.contains(where: document.schema.hasPrefix) else {
                let readable = ReportDocument.readableSchemas.joined(separator: " or ")
                throw CLIError(.dataError, "\(baseline): schema '\(document.schema)' is not \(readable)")
            }
            return (GateSample.all(document), "\(baseline) (run \(document.run.id))")
        }
        guard StoreLocation.isPostgres(db) || Files.exists(db) else {
            throw CLIError(.baselineMissing, "baseline missing: \(baseline) is neither a file nor a run (database \(db) does not exist)")
        }
        let store = try StoreOpener.open(db, create: false)
        let record: RunRecord
        do {
            record = try store.run(RunSelector.parse(baseline))
        } catch {
            // (A `catch ... where` here crashes the Swift 6.3.1 compiler.)
            guard error.kind == .notFound else { throw error }
            throw CLIError(.baselineMissing, "baseline missing: \(error.message)")
        }
        let samples = try Self.gateSamples(store, record)
        return (samples, "run \(record.info.id)" + (record.info.label.map { " (\($0))" } ?? ""))
    }

    /// A stored run's capacity sweep, judged by the SLO and target of its own stored
    /// configuration (a configuration this sonde cannot read leaves the SLO unset).
    static func capacity(_ llm: [LLMProviderData], of record: RunRecord) -> CapacityReport? {
        let settings = try? StoredSettings.parse(record.info.configText, run: record.info.id)
        let config = settings?.config?.llm
        return CapacityReport(llm, sloTTFT: config?.sloTTFT, sloTPOT: config?.sloTPOT, target: config?.sweep?.target ?? 0.99)
    }

    func write(_ verdict: GateVerdict) throws {
        let markdown = GateMarkdownExporter().export(verdict)
        if let summary { try Files.write(markdown, to: summary) } else { Terminal.output(markdown) }
        if let junit { try Files.write(JUnitExporter().export(verdict), to: junit) }
        let environment = ProcessInfo.processInfo.environment
        if environment["GITHUB_ACTIONS"] == "true" {
            Terminal.output(GitHubAnnotationsExporter().export(verdict))
            if let stepSummary = environment["GITHUB_STEP_SUMMARY"], let handle = FileHandle(forWritingAtPath: stepSummary) {
                handle.seekToEndOfFile()
                handle.write(Data(markdown))
                handle.closeFile()
            }
        }
    }
}

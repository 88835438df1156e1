import ArgumentParser
import Foundation
import SondeCore
import SondeEmulator
import SondeReport
import SondeStore

/// `sonde demo`: the embedded default. Starts the built-in emulated fleet on loopback, probes it,
/// stores the samples and writes the reports.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Benchmark the built-in emulated fleet and write reports/demo/.")

    @Option(help: "How long to probe (default 60s; 10m with --reproduce).")
    var duration: String?

    @Option(help: "The SQLite database to write.")
    var db = "sonde.db"

    @Option(help: "Where to write the reports (default reports/demo; reports/variance-5x with --reproduce).")
    var out: String?

    @Option(help: "Time between attempts per provider.")
    var interval = "100ms"

    @Option(help: "Skip probing: write the reports again for this stored run in --db (e.g. after an analysis fix).")
    var reanalyse: String?

    @Flag(help: "The decision example (docs/decision.md): a 40-hour training job on a priced cloud with a stated 3-week wait vs DePIN nodes that drop every few hours; writes reports/decide/.")
    var decide = false

    @Option(help: "With --decide: the cloud's stated wait (default 21d).")
    var cloudWait = "21d"

    @Flag(help: "The history example (docs/history.md): --runs runs of --duration (default 3s) every --every against the fleet with depin-eu's median ×1.5 from two thirds of the schedule on; writes the history report to reports/history/.")
    var history = false

    @Option(help: "With --history: how many runs.")
    var runs = 60

    @Option(help: "With --history: time between run starts.")
    var every = "5s"

    @Flag(help: "Reproduce the committed variance analysis: a 10-minute run, written to reports/variance-5x/ (make reproduce).")
    var reproduce = false

    func run() async throws {
        try await reportingErrors {
            let runFor = try Arguments.duration(duration ?? (reproduce ? "10m" : decide ? "90s" : history ? "3s" : "60s"),
                                                option: "--duration")!
            let out = self.out ?? (reproduce ? "reports/variance-5x" : decide ? "reports/decide" : history ? "reports/history" : "reports/demo")
            if history {
                if decide || reproduce || reanalyse != nil { throw CLIError(.usage, "--history is a demo of its own") }
                guard runs >= 2, let period = Grammar.duration(every), period >= runFor else {
                    throw CLIError(.usage, "--history needs --runs of at least 2 and --every at least --duration")
                }
                return try await runHistory(runs: runs, every: period, runFor: runFor, out: out)
            }
            if decide && reproduce { throw CLIError(.usage, "--decide and --reproduce are two different demos") }
            if decide && Grammar.duration(cloudWait) == nil { throw CLIError(.usage, "--cloud-wait: '\(cloudWait)' is not a duration") }
            guard Grammar.duration(interval).map({ $0 > .zero }) == true else {
                throw CLIError(.usage, "--interval: '\(interval)' is not a duration")
            }
            if let reanalyse {
                let store = try StoreOpener.open(db, create: false)
                try writeReports(try store.run(RunSelector.parse(reanalyse)), out: out, duration: runFor)
                return
            }
            let fleet = try await EmulatedFleet.start(decide ? Self.decideFleet : FleetSpec.default)
            Terminal.status("emulated fleet: " + fleet.endpoints.map { "\($0.name) \($0.url)" }.joined(separator: ", "))
            let record: RunRecord
            do {
                let text = decide ? Self.decideConfigText(fleet: fleet, duration: runFor, cloudWait: cloudWait)
                    : Self.configText(fleet: fleet, interval: interval, duration: runFor)
                let config = try ConfigLoader.parse(text, source: "<demo>")
                let session = RunSession(config: config, databasePath: db, label: decide ? "decide" : "demo", vantage: "loopback", duration: runFor)
                record = try await session.execute()
            } catch {
                await fleet.stop()
                throw error
            }
            await fleet.stop()
            try writeReports(record, out: out, duration: runFor)
        }
    }

    /// Writes the demo's (or the reproduction's) report files for a stored run.
    private func writeReports(_ record: RunRecord, out: String, duration runFor: Duration) throws {
        var input = try ReportLoader.load(databasePath: db, selection: RunSelection(.ids([record.info.id])))
        input.provenance = provenance(input, duration: runFor)
        let reportPath = "\(out)/report.md"
        try Files.write(ReportFormat.md.exporter.export(input), to: reportPath)
        if reproduce {
            try Files.write(ReportFormat.csv.exporter.export(input), to: "\(out)/report.csv")
            try Files.write(ReportFormat.json.exporter.export(input), to: "\(out)/summary.json")
        } else {
            try Files.write(ReportFormat.samples.exporter.export(input), to: "\(out)/samples.csv")
            try Files.write(ReportFormat.json.exporter.export(input), to: "\(out)/report.json")
        }
        try Files.write(ReportFormat.html.exporter.export(input), to: "\(out)/report.html")
        if let headline = input.variance?.headline { Terminal.status(headline) }
        for training in input.decision?.training ?? [] {
            for line in Self.decisionLines(training) { Terminal.status(line) }
        }
        for inference in input.decision?.inference ?? [] {
            for line in Self.decisionLines(inference) { Terminal.status(line) }
        }
        let stored = decide ? (input.availability?.rows ?? []).reduce(0) { $0 + $1.attempts } : input.data.series.reduce(0) { $0 + $1.samples.count }
        Terminal.status("run \(record.info.id) \(record.status.rawValue): \(stored) \(decide ? "heartbeats" : "samples") in \(db)")
        Terminal.status("report: \(reportPath)")
    }

    /// The sentence that tells a reader how to produce this report again.
    func provenance(_ input: ReportInput, duration: Duration) -> String {
        let counts = input.data.series.map { "\($0.provider.name) \($0.samples.count)" }.joined(separator: ", ")
        let command = reproduce ? "`make reproduce` (`sonde demo --reproduce`)"
            : decide ? "`sonde demo --decide --duration \(Grammar.format(duration)) --cloud-wait \(cloudWait)`"
            : "`sonde demo --duration \(Grammar.format(duration)) --interval \(interval)`"
        var text = "Produced by \(command) on the built-in emulated fleet\(decide ? " with DePIN drops every 30 s" : "") (fleet seed \(FleetSpec.default.seed)): "
        if decide {
            let heartbeats = (input.availability?.rows ?? []).map { "\($0.provider.name) \($0.attempts)" }.joined(separator: ", ")
            let requests = input.llmRequests.map { "\($0.provider.name) \($0.samples.count)" }.joined(separator: ", ")
            text += "\(Grammar.format(duration)) of heartbeats every 250ms per provider (\(heartbeats)), up to 3 provisioning "
                + "attempts each, LLM requests (\(requests)); decision draws seed 20261204, \(input.decision?.resamples ?? 0) per interval"
        } else {
            text += "\(Grammar.format(duration)) at one attempt per \(interval) per provider; attempts: \(counts)"
        }
        if let options = input.variance?.options {
            text += "; bootstrap seed \(options.seed), \(options.resamples) resamples"
        }
        if let reanalyse {
            text += "; reports re-rendered from the stored run with `sonde demo\(reproduce ? " --reproduce" : "") --reanalyse \(reanalyse)`"
        }
        return text + "."
    }

    /// The demo's configuration: the fleet's endpoints and a latency probe without a sample cap,
    /// so that `--duration` decides the length; heartbeats alongside for the same time. The
    /// checkpointed job is as compressed as the fleet's drops (a minute, not 40 hours).
    static func configText(fleet: EmulatedFleet, interval: String, duration: Duration) -> String {
        """
        \(fleet.providersYAML(withProvisioning: true, attempts: 3))
        probes:
          latency: { interval: \(interval), samples: 10000000, timeout: 5s, reuse: false }
          bandwidth: { path: /blob/32MiB, repeats: 5, upload: 8MiB, timeout: 30s }
          load: { rate: 50/s, duration: 10s, connections: 8, arrivals: poisson }
          llm: { model: demo, prompt_tokens: 256, max_tokens: 32, concurrency: 2, requests: 12, duration: 10s, slo: { ttft: 200ms, tpot: 30ms } }
          availability: { interval: 250ms, timeout: 1s, duration: \(Grammar.format(duration)), failures_to_interrupt: 3, job: { length: 1m, checkpoint_cost: 1s, restart_cost: 2s } }
        analysis:
          baseline: cloud-us-east
        """
    }
}

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

    @Option(help: "How long to probe.")
    var duration = "60s"

    @Option(help: "The SQLite database to write.")
    var db = "sonde.db"

    @Option(help: "Where to write the reports.")
    var out = "reports/demo"

    @Option(help: "Time between attempts per provider.")
    var interval = "100ms"

    func run() async throws {
        try await reportingErrors {
            let runFor = try Arguments.duration(duration, option: "--duration")!
            guard Grammar.duration(interval).map({ $0 > .zero }) == true else {
                throw CLIError(.usage, "--interval: '\(interval)' is not a duration")
            }
            let fleet = try await EmulatedFleet.start(FleetSpec.default)
            Terminal.status("emulated fleet: " + fleet.endpoints.map { "\($0.name) \($0.url)" }.joined(separator: ", "))
            let record: RunRecord
            do {
                let config = try ConfigLoader.parse(Self.configText(fleet: fleet, interval: interval), source: "<demo>")
                let session = RunSession(config: config, databasePath: db, label: "demo", vantage: "loopback", duration: runFor)
                record = try await session.execute()
            } catch {
                await fleet.stop()
                throw error
            }
            await fleet.stop()
            let input = try ReportLoader.load(databasePath: db, selector: .id(record.info.id))
            let reportPath = "\(out)/report.md"
            try Files.write(ReportFormat.md.exporter.export(input), to: reportPath)
            try Files.write(ReportFormat.samples.exporter.export(input), to: "\(out)/samples.csv")
            Terminal.status("run \(record.info.id) \(record.status.rawValue): \(input.data.series.reduce(0) { $0 + $1.samples.count }) samples in \(db)")
            Terminal.status("report: \(reportPath)")
        }
    }

    /// The demo's configuration: the fleet's endpoints and a latency probe without a sample cap,
    /// so that `--duration` decides the length.
    static func configText(fleet: EmulatedFleet, interval: String) -> String {
        """
        \(fleet.providersYAML())
        probes:
          latency: { interval: \(interval), samples: 10000000, timeout: 5s, reuse: false }
          bandwidth: { path: /blob/32MiB, repeats: 5, upload: 8MiB, timeout: 30s }
          load: { rate: 200/s, duration: 10s, connections: 16, arrivals: poisson }
          llm: { model: demo, prompt_tokens: 256, max_tokens: 32, concurrency: 2, requests: 12, duration: 10s, slo: { ttft: 200ms, tpot: 30ms } }
        analysis:
          baseline: cloud-us-east
        """
    }
}

import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SondeCore
import SondeMetrics

/// `sonde schedule -c sonde.yaml --every 5m`: run the configured probes on a schedule until
/// stopped, optionally exposing live metrics for Prometheus.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run the configured probes on a schedule (--every or --cron) until SIGTERM/SIGINT.",
        discussion: """
            Runs never overlap: a start that passes while a run is still going is skipped and logged.
            SIGTERM or SIGINT stops the current run gracefully (marked interrupted) and exits 0.
            --label may use {n} (round), {vantage}, {date} and {start} (the fire time, UTC).
            """)

    @Option(name: [.short, .customLong("config")], help: "The configuration file (read once, at start).")
    var config: String

    @Option(help: "Start a run this often (e.g. 5m), the first one now.")
    var every: String?

    @Option(help: "Start runs at the minutes this 5-field cron expression names, in UTC (e.g. \"*/5 * * * *\").")
    var cron: String?

    @Option(help: "Delay each start by a random time below this (e.g. 30s).")
    var jitter: String?

    @Option(help: "Seed of the jitter delays (default: random).")
    var seed: UInt64?

    @Option(help: "The SQLite database to write.")
    var db = "sonde.db"

    @Option(help: "Label of each run; may use {n}, {vantage}, {date}, {start}.")
    var label: String?

    @Option(help: "Where the probes run from (e.g. office-berlin); recorded with every run.")
    var vantage: String?

    @Option(help: "Stop each run after this long (e.g. 90s), even before its planned samples.")
    var duration: String?

    @Option(help: "Stop after this many runs.")
    var maxRuns: Int?

    @Option(help: "Serve Prometheus metrics on this port at /metrics (0: any free port).")
    var metricsPort: UInt16?

    @Option(help: "Address the metrics endpoint binds to.")
    var metricsBind = "127.0.0.1"

    func validate() throws {
        guard (every == nil) != (cron == nil) else { throw ValidationError("give either --every or --cron") }
        if let maxRuns, maxRuns < 1 { throw ValidationError("--max-runs must be at least 1") }
        guard Self.isAddress(metricsBind) else {
            throw ValidationError("--metrics-bind: '\(metricsBind)' is not an IPv4 or IPv6 address")
        }
        // The template's own text: its placeholders expand to digits, dates and the (checked) vantage.
        try Arguments.validateName(label, option: "--label")
        try Arguments.validateName(vantage, option: "--vantage")
    }

    func run() async throws {
        try await reportingErrors {
            let fires = try fireSchedule()
            let jitterLimit = try Arguments.duration(jitter, option: "--jitter")
            if let jitterLimit, let every, let interval = Grammar.duration(every), jitterLimit >= interval {
                throw CLIError(.usage, "--jitter \(Grammar.format(jitterLimit)) must be shorter than --every \(every)")
            }
            var labels: LabelTemplate?
            if let label {
                do {
                    labels = try LabelTemplate(label)
                } catch {
                    throw CLIError(.usage, "\(error)")
                }
            }
            let text = try Files.readText(config, what: "configuration")
            let parsed = try ConfigLoader.parse(text, source: config)
            let session = RunSession(config: parsed, databasePath: db, label: nil, vantage: vantage,
                                     duration: try Arguments.duration(duration, option: "--duration"), sendLog: nil)
            try session.validate()
            // Open (and migrate) the database now: an unwritable path fails at start, not at the first fire.
            _ = try StoreOpener.open(db, create: true)

            var metrics: PrometheusMetrics?
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
            if let metricsPort {
                let registry = PrometheusMetrics(vantage: vantage, version: SondeVersion.current)
                let server: MetricsServer
                do {
                    server = try await MetricsServer.start(bind: metricsBind, port: metricsPort,
                                                           exposition: { registry.exposition() })
                } catch {
                    throw CLIError(.ioError, "\(error)")
                }
                Terminal.status("schedule: metrics at \(server.url)")
                metrics = registry
                services.append(.init(service: MetricsService(server: server),
                                      successTerminationBehavior: .gracefullyShutdownGroup))
            }
            let schedule = ScheduleService(session: session, fires: fires, labels: labels,
                                           jitter: jitterLimit.map { StartJitter(maximum: $0, seed: seed ?? UInt64.random(in: .min ... .max)) },
                                           maxRuns: maxRuns, metrics: metrics)
            services.insert(.init(service: schedule, successTerminationBehavior: .gracefullyShutdownGroup), at: 0)
            let group = ServiceGroup(configuration: .init(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "sonde.schedule", factory: { _ in SwiftLogNoOpLogHandler() })))
            try await group.run()
        }
    }

    private func fireSchedule() throws -> FireSchedule {
        if let cron {
            do {
                return .cron(try CronExpression(cron))
            } catch {
                throw CLIError(.usage, "--cron: \(error)")
            }
        }
        let interval = try Arguments.duration(every, option: "--every") ?? .zero
        return .every(interval, anchorNs: Int64(Date().timeIntervalSince1970 * 1e9))
    }

    static func isAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}

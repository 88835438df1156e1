import Foundation
import SondeCore
import SondeEmulator
import SondeReport
import SondeStore

extension DemoCommand {
    /// The fleet of `sonde demo --history`: the default fleet with one planted change, depin-eu's
    /// median ×1.5 from the run at two thirds of the schedule on (run 40 of 60), placed in the
    /// gap before that run so that no run straddles it.
    static func historyFleet(runs: Int, every: Duration, runFor: Duration) -> (FleetSpec, changeRun: Int) {
        var fleet = FleetSpec.default
        let changeRun = runs * 2 / 3
        let after = every * changeRun - (every - runFor) / 2
        for index in fleet.providers.indices where fleet.providers[index].name == "depin-eu" {
            fleet.providers[index].change = .init(after: after, medianFactor: 1.5)
        }
        return (fleet, changeRun)
    }

    /// `sonde demo --history`: `runs` runs of `runFor` every `every` against the fleet with a
    /// planted change (latency and heartbeats), then the history report of exactly those runs in
    /// `out` (md, html, json).
    func runHistory(runs: Int, every: Duration, runFor: Duration, out: String) async throws {
        let (spec, changeRun) = Self.historyFleet(runs: runs, every: every, runFor: runFor)
        let fleet = try await EmulatedFleet.start(spec)
        Terminal.status("emulated fleet: depin-eu's median ×1.5 from run \(changeRun + 1) of \(runs) on")
        let text = """
            \(fleet.providersYAML())
            probes:
              latency: { interval: \(interval), samples: 10000000, timeout: 5s, reuse: false }
              availability: { interval: 250ms, timeout: 1s, duration: \(Grammar.format(runFor)), failures_to_interrupt: 3 }
            analysis:
              baseline: cloud-us-east
            """
        let firstNs = Int64(Date().timeIntervalSince1970 * 1e9)
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let config = try ConfigLoader.parse(text, source: "<demo --history>")
            for round in 0..<runs {
                try await clock.sleep(until: start + every * round)
                let session = RunSession(config: config, databasePath: db, label: "history-\(round + 1)", vantage: "loopback",
                                         duration: runFor)
                let record = try await session.execute()
                Terminal.status("run \(round + 1) of \(runs): \(record.info.id) \(record.status.rawValue)")
            }
        } catch {
            await fleet.stop()
            throw error
        }
        await fleet.stop()
        let selection = RunSelection(.all, labelPattern: "history-*", fromNs: firstNs, vantages: ["loopback"])
        guard let history = try ReportLoader.history(databasePath: db, selection: selection, bucket: nil) else {
            throw CLIError(.dataError, "the history demo stored fewer than two runs")
        }
        let report = HistoryReport(history)
        for (format, name) in [(ReportFormat.md, "report.md"), (.html, "report.html"), (.json, "report.json")] {
            try Files.write(report.export(format)!, to: "\(out)/\(name)")
        }
        for provider in history.providers {
            for found in provider.changes {
                Terminal.status("change point: \(provider.name) \(found.metric.rawValue) at run \(found.runIndex + 1) "
                                + "(p = \(NumberFormat.fixed(found.change.pValue, digits: 5)))")
            }
        }
        Terminal.status("history report: \(out)/report.md")
    }
}

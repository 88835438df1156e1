import ArgumentParser
import Foundation
import SondeCore
import SondeStore

/// `sonde prune`: drop the raw samples of old runs, keeping the per-run summaries the history
/// report is computed from (docs/history.md, "Pruning").
struct PruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Drop the raw samples of old runs, keeping per-run summaries for history reports.",
        discussion: """
            Every run started more than --older-than ago loses its raw samples; in the same transaction sonde \
            keeps, per provider and probe, the exact per-run median, p90, p99 and error counts, HDR histograms \
            (three significant digits) per phase and UTC hour, and the heartbeats that decide interruptions. \
            History reports read those for pruned runs; a single-run report of a pruned run is refused. Runs still \
            running are never pruned. Each run is pruned in its own transaction, so an interrupted prune loses \
            nothing and can be started again.
            """)

    @Option(help: "The SQLite database to prune.")
    var db = "sonde.db"

    @Option(help: "Prune runs started more than this long ago (e.g. 90d, 12h).")
    var olderThan: String

    @Flag(help: "List the runs that would be pruned and change nothing.")
    var dryRun = false

    @Flag(help: "After pruning, VACUUM the database so the freed pages return to the file system (rewrites the file).")
    var vacuum = false

    func validate() throws {
        guard let age = Grammar.duration(olderThan), age > .zero else {
            throw ValidationError("--older-than: '\(olderThan)' is not a positive duration (e.g. 90d, 12h)")
        }
    }

    func run() async throws {
        try await reportingErrors {
            let nowNs = Int64(Date().timeIntervalSince1970 * 1e9)
            let cutoffNs = nowNs - Grammar.duration(olderThan)!.nanoseconds
            let store = try StoreOpener.open(db, create: false)
            let plan = try store.prunePlan(startedBefore: cutoffNs)
            for run in plan.running {
                Terminal.status("sonde: run \(run.info.id) (started \(Self.time(run.info.startedNs))) is still running; not pruned")
            }
            var lines: [String] = []
            var samples = 0
            for candidate in plan.candidates {
                let deleted = dryRun ? candidate.samples : try store.prune(candidate.run, nowNs: nowNs)
                samples += deleted
                lines.append("\(dryRun ? "would prune" : "pruned") \(candidate.run.info.id) started \(Self.time(candidate.run.info.startedNs)): "
                             + "\(deleted) samples")
            }
            lines.append("\(dryRun ? "would prune" : "pruned") \(plan.candidates.count) runs (\(samples) samples) started before "
                         + "\(Self.time(cutoffNs))" + (plan.running.isEmpty ? "" : "; \(plan.running.count) running runs left alone"))
            if vacuum && !dryRun { try store.vacuum() }
            Terminal.output(Array((lines.joined(separator: "\n") + "\n").utf8))
        }
    }

    /// RFC 3339 in UTC, to the second.
    static func time(_ ns: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(ns) / 1e9))
    }
}

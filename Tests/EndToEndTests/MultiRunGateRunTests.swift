import Foundation
import Testing
import SondeCore
import SondeEmulator
import SondeStore

/// The multi-run gate end to end: `sonde schedule` makes 20 short runs against a fleet whose DePIN
/// provider has slow episodes a few seconds apart (so some runs are slow, some not: the
/// between-run variation a gate must allow for) and, from 14 s on, a planted ×2 median. Medians
/// of 100 ms, so the milliseconds a loaded machine adds to some runs stay small beside them. Against
/// the ten runs before it, the last run before the change passes and the first after it fails;
/// the same through a committed `sonde.baseline/1` file; and `--fail-on-change-point` names the
/// change when the baseline already holds a few changed runs. Serialized: runs are timed against
/// the fleet's clock.
@Suite(.serialized) struct MultiRunGateRunTests {
    static let changeAfterS = 14.0
    static let fleetYAML = """
        seed: 18
        providers:
          - { name: steady, kind: centralized, region: r1, latency: { median: 100ms, sigma: 0.15 } }
          - { name: episodic, kind: depin, region: r2, latency: { median: 100ms, sigma: 0.15 },
              episodes: { every: 4s, duration: 1s, multiplier: 1.3 },
              change: { after: \(Int(changeAfterS))s, median_factor: 2 } }
        """

    @Test func theRunBeforeAChangePassesTheRunAfterFails() async throws {
        let dir = try temporaryDirectory()
        let fleetStartNs = Int64(Date().timeIntervalSince1970 * 1e9)
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: Self.fleetYAML, source: "fleet"))
        try (fleet.providersYAML() + "\nprobes:\n  latency: { interval: 12ms, samples: 40, timeout: 2s }\n")
            .write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let scheduled = try await SondeBinary.run(["schedule", "-c", "sonde.yaml", "--every", "1s", "--max-runs", "20",
                                                   "--db", "g.db", "--label", "g-{n}"], in: dir, timeout: .seconds(60))
        await fleet.stop()
        #expect(scheduled.status == 0, "\(scheduled.stderr)")
        // Limits wider than the defaults, as in GateTests: a loaded machine adds ten-odd
        // milliseconds to a whole run now and then, which the steady provider's runs never show.
        try "rules:\n  p50_total: { max_increase: 25% }\n  p99_total: { max_increase: 50% }\n  error_rate: { max: 5% }\n"
            .write(to: dir.appendingPathComponent("gate.yaml"), atomically: true, encoding: .utf8)
        let runs = try SampleStore(path: dir.appendingPathComponent("g.db").path, create: false).runs()
            .sorted { $0.info.startedNs < $1.info.startedNs }
        try #require(runs.count == 20)
        // The first run that started after the change. The fleet's clock started a few
        // milliseconds after `fleetStartNs`, so that run may have started just before the change,
        // and is then still changed for all but its first few requests; the run before it ended
        // long before the change.
        let truth = try #require(runs.firstIndex { $0.info.startedNs >= fleetStartNs + Int64(Self.changeAfterS * 1e9) })
        // On a busy machine a run can take longer than its second and the schedule falls
        // behind, moving the change to an earlier run: the baselines shrink to fit (at least 5).
        try #require(truth >= 6 && truth <= 17, "change at run \(truth)")
        let before = runs[truth - 1].info.id, after = runs[truth].info.id
        let passRuns = min(10, truth - 1), failRuns = min(10, truth)

        let passing = try await SondeBinary.run(["gate", "--db", "g.db", "--labels", "g-*", "--runs", "\(passRuns)",
                                                 "--candidate", before, "-c", "gate.yaml"], in: dir)
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(passing.stdout.contains("against baseline \(passRuns) runs (labels matching 'g-\\*', newest \(passRuns))"),
                "\(passing.stdout)")

        let failing = try await SondeBinary.run(["gate", "--db", "g.db", "--labels", "g-*", "--runs", "\(failRuns)", "--candidate", after,
                                                 "-c", "gate.yaml", "--save-baseline", "base.json", "--junit", "gate.xml"], in: dir)
        #expect(failing.status == 2, "\(failing.stdout)\(failing.stderr)")
        #expect(failing.stdout.split(separator: "\n").contains { $0.hasPrefix("| episodic | p50_total |") && $0.contains("regression") },
                "\(failing.stdout)")
        #expect(!failing.stdout.split(separator: "\n").contains { $0.hasPrefix("| steady |") && $0.contains("regression") },
                "\(failing.stdout)")

        // The committed file: per-run summaries of the ten runs, and the same verdict from it.
        let file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("base.json")))
            as? [String: Any])
        #expect(file["schema"] as? String == "sonde.baseline/1")
        #expect((file["runs"] as? [[String: Any]])?.count == failRuns)
        let fromFile = try await SondeBinary.run(["gate", "--db", "g.db", "--baseline", "base.json", "--candidate", after,
                                                "-c", "gate.yaml"], in: dir)
        #expect(fromFile.status == 2, "\(fromFile.stdout)\(fromFile.stderr)")

        // The newest run against all 19 before it, some of which are already changed: a change
        // point among the newest runs (those since the change, and two more for its ± 1) fails
        // the gate and is named.
        let changePoint = try await SondeBinary.run(["gate", "--db", "g.db", "--labels", "g-*", "--candidate", "last",
                                                     "-c", "gate.yaml", "--fail-on-change-point", "--change-point-runs", "\(runs.count - truth + 2)"], in: dir)
        #expect(changePoint.status == 2, "\(changePoint.stdout)\(changePoint.stderr)")
        #expect(changePoint.stdout.contains("- episodic p50\\_total: change point at run"), "\(changePoint.stdout)")
        #expect(!changePoint.stdout.contains("- steady p50\\_total: change point"), "\(changePoint.stdout)")
        print("multi-run gate end to end: change at run \(truth)\n\(changePoint.stdout)")

        // Too few baseline runs is a missing baseline (5).
        let missing = try await SondeBinary.run(["gate", "--db", "g.db", "--labels", "g-1", "--candidate", "last"], in: dir)
        #expect(missing.status == 5, "\(missing.stderr)")
        // Usage errors: no baseline at all; a change-point check without a multi-run baseline.
        let none = try await SondeBinary.run(["gate", "--db", "g.db"], in: dir)
        #expect(none.status == 64, "\(none.stderr)")
        let single = try await SondeBinary.run(["gate", "--db", "g.db", "--baseline", before, "--fail-on-change-point"], in: dir)
        #expect(single.status == 64, "\(single.stderr)")
    }
}

import Foundation
import Testing
import SondeCore
import SondeEmulator
import SondeStore

/// The history report end to end: `sonde schedule` makes a short series of runs against an
/// emulated fleet with one planted change, then `sonde report --labels` over all of them names
/// that provider, that metric and that run (± 1) with p < 0.01, and nothing for the other
/// provider. Serialized: the runs are timed against the fleet's clock.
@Suite(.serialized) struct HistoryReportRunTests {
    static let changeAfterS = 12.0
    static let fleetYAML = """
        seed: 18
        providers:
          - { name: steady, kind: centralized, region: r1, latency: { median: 20ms, sigma: 0.2 } }
          - { name: shifting, kind: depin, region: r2, latency: { median: 20ms, sigma: 0.2 },
              change: { after: \(Int(changeAfterS))s, median_factor: 1.5 } }
        """

    @Test func aPlantedChangeIsNamedWithItsProviderMetricAndRun() async throws {
        let dir = try temporaryDirectory()
        let fleetStartNs = Int64(Date().timeIntervalSince1970 * 1e9)
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: Self.fleetYAML, source: "fleet"))
        try (fleet.providersYAML() + "\nprobes:\n  latency: { interval: 25ms, samples: 20, timeout: 2s }\n")
            .write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        // 24 runs of about 0.5 s, one a second: the change falls near run 12.
        let scheduled = try await SondeBinary.run(["schedule", "-c", "sonde.yaml", "--every", "1s", "--max-runs", "24",
                                                   "--db", "h.db", "--label", "h-{n}"], in: dir, timeout: .seconds(60))
        await fleet.stop()
        #expect(scheduled.status == 0, "\(scheduled.stderr)")
        let runs = try SampleStore(path: dir.appendingPathComponent("h.db").path, create: false).runs()
            .sorted { $0.info.startedNs < $1.info.startedNs }
        try #require(runs.count == 24)
        // The truth: the first run started after the change (the fleet's clock started a little
        // after `fleetStartNs`, so this is at most one run early).
        let truth = try #require(runs.firstIndex { $0.info.startedNs >= fleetStartNs + Int64(Self.changeAfterS * 1e9) })

        let report = try await SondeBinary.run(["report", "--db", "h.db", "--labels", "h-*", "--format", "json"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        #expect(document["schema"] as? String == "sonde.history/1")
        let history = try #require(document["history"] as? [String: Any])
        #expect((history["run_identifiers"] as? [String])?.count == 24)
        let providers = try #require(history["providers"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: providers.map { ($0["name"] as? String ?? "", $0) })
        let steady = try #require(byName["steady"]?["changes"] as? [[String: Any]])
        #expect(steady.isEmpty, "\(steady)")
        let shifting = try #require(byName["shifting"]?["changes"] as? [[String: Any]])
        let median = try #require(shifting.first { $0["metric"] as? String == "median" }, "\(shifting)")
        let runID = try #require(median["run_id"] as? String)
        let index = try #require(runs.firstIndex { $0.info.id == runID })
        #expect(abs(index - truth) <= 1, "change point at run \(index), planted at run \(truth)")
        let change = try #require(median["change"] as? [String: Any])
        #expect(try #require(change["p_value"] as? Double) < 0.01)
        #expect(!shifting.contains { $0["metric"] as? String == "error_rate" })
        print("history end to end: planted at run \(truth), found at run \(index), p = \(change["p_value"] ?? "")")

        // The Markdown report names it too, and a single-run format is refused with a usage error.
        let markdown = try await SondeBinary.run(["report", "--db", "h.db", "--since", "1d"], in: dir)
        #expect(markdown.status == 0 && markdown.stdout.contains("# sonde history report"), "\(markdown.stderr)")
        let hlog = try await SondeBinary.run(["report", "--db", "h.db", "--labels", "h-*", "--format", "hlog"], in: dir)
        #expect(hlog.status == 64, "\(hlog.stderr)")
        // One run selected by a filter is the single-run report.
        let one = try await SondeBinary.run(["report", "--db", "h.db", "--labels", "h-1"], in: dir)
        #expect(one.status == 0 && one.stdout.contains("# sonde latency report"), "\(one.stderr)")
    }
}

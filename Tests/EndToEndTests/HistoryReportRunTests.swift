import Foundation
import Testing
import SondeCore
import SondeEmulator
import SondeStore
import SondeTestSupport

/// The history report end to end (issue 18's first "must show"): `sonde schedule` makes 60 short
/// runs against an emulated fleet with one planted change at run 40, then `sonde report --labels`
/// over all of them names that provider, that metric and that run (± 1) with p < 0.01, and
/// nothing for the steady provider. A third provider drops at fixed times: its pooled
/// availability matches the modelled down-time. Then `sonde prune` drops the raw samples of the
/// oldest 30 runs and the history report gives the same change points and availability from their
/// summaries. Serialized: the runs are timed against the fleet's clock.
@Suite(.serialized) struct HistoryReportRunTests {
    static let periodS = 0.6
    static let changeAfterS = 40 * periodS
    /// Latencies of 100 ms (20 ms before 2026-12-05): a loaded test machine delays a whole run by
    /// tens of ms at once (run medians of 44–176 ms among 20–35 ms were seen), which at 20 ms
    /// swamped the planted ×1.5 for Otava's t test (and moved sonde's answer); at 100 ms the
    /// step (+50 ms) stands well above that noise for both tools.
    /// Drops every 10 runs (so that the error-rate series stays stationary), 250 ms each.
    static let dropStartsS = stride(from: 3.1, to: 36, by: 10 * periodS).map { $0 }
    static let dropS = 0.25
    static let heartbeatS = 0.02
    static let fleetYAML = """
        seed: 18
        providers:
          - { name: steady, kind: centralized, region: r1, latency: { median: 100ms, sigma: 0.2 } }
          - { name: shifting, kind: depin, region: r2, latency: { median: 100ms, sigma: 0.2 },
              change: { after: \(Int(changeAfterS * 1000))ms, median_factor: 1.5 } }
          - { name: dropping, kind: depin, region: r3, latency: { median: 100ms, sigma: 0.2 },
              drops: { at: [\(dropStartsS.map { "\(Int($0 * 1000))ms" }.joined(separator: ", "))], duration: \(Int(dropS * 1000))ms } }
        """

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Per provider name: the history's changes and availability.
    static func providers(_ report: [String: Any]) throws -> [String: [String: Any]] {
        let history = try #require(report["history"] as? [String: Any])
        let providers = try #require(history["providers"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: providers.map { ($0["name"] as? String ?? "", $0) })
    }

    @Test func aPlantedChangeIsNamedWithItsProviderMetricAndRunBeforeAndAfterPruning() async throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("h.db")
        let fleetStartNs = Int64(Date().timeIntervalSince1970 * 1e9)
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: Self.fleetYAML, source: "fleet"))
        try (fleet.providersYAML() + """

            probes:
              latency: { interval: 20ms, samples: 10, timeout: 2s }
              availability: { interval: \(Int(Self.heartbeatS * 1000))ms, duration: 200ms, timeout: 1s, failures_to_interrupt: 3 }
            """).write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        // 60 runs of about 0.3 s of probes (0.5 s with the run's own overhead), one every 0.6 s:
        // the change falls near run 40 (a run that overruns its period delays the next one, so
        // the truth below is taken from the runs' start times, not from the period).
        let scheduled = try await SondeBinary.run(["schedule", "-c", "sonde.yaml", "--every", "600ms", "--max-runs", "60",
                                                   "--db", "h.db", "--label", "h-{n}"], in: dir, timeout: .seconds(90))
        await fleet.stop()
        #expect(scheduled.status == 0, "\(scheduled.stderr)")
        let runs = try SampleStore(path: db.path, create: false).runs().sorted { $0.info.startedNs < $1.info.startedNs }
        try #require(runs.count == 60)
        // The truth: the first run started after the change (the fleet's clock started a little
        // after `fleetStartNs`, so this is at most one run early).
        let truth = try #require(runs.firstIndex { $0.info.startedNs >= fleetStartNs + Int64(Self.changeAfterS * 1e9) })

        let before = try await SondeBinary.run(["report", "--db", "h.db", "--labels", "h-*", "--format", "json"], in: dir)
        #expect(before.status == 0, "\(before.stderr)")
        let report = try Self.object(before.stdout)
        #expect(report["schema"] as? String == "sonde.history/1")
        #expect(((report["history"] as? [String: Any])?["run_identifiers"] as? [String])?.count == 60)
        let byName = try Self.providers(report)
        let steady = try #require(byName["steady"]?["changes"] as? [[String: Any]])
        #expect(steady.isEmpty, "\(steady)")
        let dropping = try #require(byName["dropping"]?["changes"] as? [[String: Any]])
        #expect(dropping.isEmpty, "\(dropping)")
        let shifting = try #require(byName["shifting"]?["changes"] as? [[String: Any]])
        let median = try #require(shifting.first { $0["metric"] as? String == "median" }, "\(shifting)")
        let runID = try #require(median["run_id"] as? String)
        let index = try #require(runs.firstIndex { $0.info.id == runID })
        #expect(abs(index - truth) <= 1, "change point at run \(index), planted at run \(truth)")
        let change = try #require(median["change"] as? [String: Any])
        #expect(try #require(change["p_value"] as? Double) < 0.01)
        #expect(!shifting.contains { $0["metric"] as? String == "error_rate" })
        print("history end to end: planted at run \(truth), found at run \(index), p = \(change["p_value"] ?? "")")

        // Otava (default mode) on the same series, with the runs that machine load slowed, as the
        // steady provider shows them, left out for it (scripts/stats/otava-history.py says why).
        // Otava lives in the virtualenv `make deps` creates (scripts/install-deps.sh --otava); without
        // it this is skipped, except with CI=true, where the cross-check is required. TestProcess's
        // deadline bounds the wait (the script also bounds each Otava call). Otava must confirm sonde's
        // change points in the planted provider's series (`--require shifting`); on a loaded machine
        // its t test also flags stretches of slow runs, printed only (docs/statistics.md).
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let venvReady = FileManager.default.isExecutableFile(atPath: root.appendingPathComponent(".build-otava/venv/bin/otava").path)
        if venvReady, let python = TestProcess.find("python3") {
            let json = dir.appendingPathComponent("history.json")
            try before.stdout.write(to: json, atomically: true, encoding: .utf8)
            let otava = try await TestProcess.runOffThread(
                python, [root.appendingPathComponent("scripts/stats/otava-history.py").path,
                         "--control", "steady", "--metric", "median", "--require", "shifting", json.path], timeout: .seconds(180))
            #expect(otava.status == 0, "\(otava.output)")
            print("otava cross-check:\n\(otava.output)")
        } else if ProcessInfo.processInfo.environment["CI"] == "true" {
            let why = "CI=true and the Otava cross-check cannot run: no .build-otava/venv/bin/otava (make deps creates it), "
                + "or python3 missing"
            Issue.record(Comment(rawValue: why))
        } else {
            print("otava cross-check skipped: no .build-otava/venv (make deps creates it; see docs/statistics.md)")
        }

        // Pooled availability against the modelled drops: the down-time the fleet scheduled inside
        // the runs' observation windows (first to last heartbeat), which sonde measures to within
        // a heartbeat at each edge of each drop, plus the failures too few to count (3 × 20 ms).
        let windows = try sqliteRows(db, """
            SELECT min(s.intended_ns), max(s.intended_ns) FROM samples s JOIN providers p ON p.id = s.provider_id
            WHERE s.probe = 'availability' AND p.name = 'dropping' GROUP BY s.run_id
            """).map { (Int64($0[0])!, Int64($0[1])!) }
        var modelledDownNs: Int64 = 0, dropsSeen = 0
        for startS in Self.dropStartsS {
            let start = fleetStartNs + Int64(startS * 1e9), end = start + Int64(Self.dropS * 1e9)
            let overlap = windows.reduce(Int64(0)) { $0 + max(0, min(end, $1.1) - max(start, $1.0)) }
            modelledDownNs += overlap
            if overlap > 0 { dropsSeen += 1 }
        }
        let observedNs = windows.reduce(Int64(0)) { $0 + $1.1 - $1.0 }
        let pooled = try #require(byName["dropping"]?["availability"] as? [String: Any])
        let measured = try #require(pooled["availability"] as? Double)
        let modelled = 1 - Double(modelledDownNs) / Double(observedNs)
        let lower = try #require(pooled["availability_lower"] as? Double)
        let upper = try #require(pooled["availability_upper"] as? Double)
        #expect(dropsSeen >= 3 && lower <= modelled && modelled <= upper && lower < upper,
                "availability \(measured) [\(lower), \(upper)], modelled \(modelled) over \(dropsSeen) drops")
        print("pooled availability: measured \(measured), 95% interval [\(lower), \(upper)], modelled \(modelled), \(dropsSeen) drops seen")
        #expect((byName["steady"]?["availability"] as? [String: Any])?["failures"] as? Int == 0)

        // Prune the oldest 30 runs: the cutoff 1 ms after run 30 (0-based 29) started. `--older-than`
        // counts from the moment prune starts, so a slow start only moves the cutoff later: placed
        // just after run 30 it may move a whole period (0.6 s) before it takes run 31 too, where
        // halfway between the runs a start 0.3 s late (seen on a loaded machine) pruned 31.
        let cutoffNs = runs[29].info.startedNs + 1_000_000
        let olderThan = { "\((Int64(Date().timeIntervalSince1970 * 1e9) - cutoffNs) / 1_000_000)ms" }
        let dry = try await SondeBinary.run(["prune", "--db", "h.db", "--older-than", olderThan(), "--dry-run"], in: dir)
        #expect(dry.status == 0 && dry.stdout.contains("would prune 30 runs"), "\(dry.stdout)\(dry.stderr)")
        let pruned = try await SondeBinary.run(["prune", "--db", "h.db", "--older-than", olderThan()], in: dir)
        #expect(pruned.status == 0 && pruned.stdout.contains("pruned 30 runs"), "\(pruned.stdout)\(pruned.stderr)")
        #expect(try sqliteRows(db, "SELECT count(*) FROM samples WHERE run_id IN (SELECT id FROM runs WHERE pruned_at_ns IS NOT NULL)")
                == [["0"]])
        #expect(try sqliteRows(db, "SELECT count(*) FROM run_sample_counts WHERE run_id IN (SELECT id FROM runs WHERE pruned_at_ns IS NOT NULL)")
                == [["0"]])

        let after = try await SondeBinary.run(["report", "--db", "h.db", "--labels", "h-*", "--format", "json"], in: dir)
        #expect(after.status == 0, "\(after.stderr)")
        let afterReport = try Self.object(after.stdout)
        #expect((afterReport["history"] as? [String: Any])?["summarized_runs"] as? Int == 30)
        let afterByName = try Self.providers(afterReport)
        for name in ["steady", "shifting", "dropping"] {
            let a = try JSONSerialization.data(withJSONObject: afterByName[name]?["changes"] ?? [], options: .sortedKeys)
            let b = try JSONSerialization.data(withJSONObject: byName[name]?["changes"] ?? [], options: .sortedKeys)
            #expect(a == b, "\(name): change points differ after pruning")
            let x = try JSONSerialization.data(withJSONObject: afterByName[name]?["availability"] ?? [:], options: .sortedKeys)
            let y = try JSONSerialization.data(withJSONObject: byName[name]?["availability"] ?? [:], options: .sortedKeys)
            #expect(x == y, "\(name): availability differs after pruning")
        }
        let windowSources = try #require(afterByName["shifting"]?["windows"] as? [[String: Any]]).compactMap { $0["source"] as? String }
        #expect(!windowSources.isEmpty && windowSources.allSatisfy { $0 != "samples" }, "\(windowSources)")

        // The Markdown report names it too and says where windows come from; a single-run format
        // is refused with a usage error, a pruned run's single-run report as bad data.
        let markdown = try await SondeBinary.run(["report", "--db", "h.db", "--since", "1d"], in: dir)
        #expect(markdown.status == 0 && markdown.stdout.contains("# sonde history report"), "\(markdown.stderr)")
        #expect(markdown.stdout.contains("30 of the 60 runs were pruned"), "\(markdown.stdout)")
        let hlog = try await SondeBinary.run(["report", "--db", "h.db", "--labels", "h-*", "--format", "hlog"], in: dir)
        #expect(hlog.status == 64, "\(hlog.stderr)")
        let prunedOne = try await SondeBinary.run(["report", "--db", "h.db", "--run", runs[0].info.id], in: dir)
        #expect(prunedOne.status == 65 && prunedOne.stderr.contains("was pruned"), "\(prunedOne.stderr)")
        // One run selected by a filter is the single-run report.
        let one = try await SondeBinary.run(["report", "--db", "h.db", "--labels", "h-59"], in: dir)
        #expect(one.status == 0 && one.stdout.contains("# sonde latency report"), "\(one.stderr)")
    }
}

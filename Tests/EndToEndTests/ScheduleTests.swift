import Foundation
import SondeTestSupport
import Testing
import SondeCore
import SondeEmulator
import SondeStore

/// `sonde schedule` end to end: the built binary against an in-process emulated fleet on
/// loopback. Serialized: these measure time and send signals.
@Suite(.serialized) struct ScheduleTests {
    static let fleetYAML = """
        seed: 9
        providers:
          - { name: cloud, kind: centralized, region: r1, latency: { median: 5ms, sigma: 0.2 } }
          - { name: depin, kind: depin, region: r2, latency: { median: 8ms, sigma: 0.3 } }
        """

    /// A temporary folder with `sonde.yaml` probing a fresh fleet `samples` times per provider.
    func prepare(samples: Int, interval: String = "50ms", moreProbes: String = "") async throws -> (URL, EmulatedFleet) {
        let dir = try temporaryDirectory()
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: Self.fleetYAML, source: "fleet"))
        try (fleet.providersYAML() + "\nprobes:\n  latency: { interval: \(interval), samples: \(samples), timeout: 2s }\n" + moreProbes)
            .write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        return (dir, fleet)
    }

    @Test func twoRoundsMakeTwoCompleteRunsWithTheirVantage() async throws {
        let (dir, fleet) = try await prepare(samples: 5)
        let result = try await SondeBinary.run(["schedule", "-c", "sonde.yaml", "--every", "2s", "--max-runs", "2",
                                                "--db", "s.db", "--vantage", "lab-east", "--label", "round-{n}-{vantage}"],
                                               in: dir, timeout: .seconds(30))
        await fleet.stop()
        #expect(result.status == 0, "\(result.stderr)")
        let store = try SampleStore(path: dir.appendingPathComponent("s.db").path, create: false)
        let runs = try store.runs().sorted { $0.info.startedNs < $1.info.startedNs }
        #expect(runs.map(\.status) == [.complete, .complete])
        #expect(runs.map(\.info.vantage) == ["lab-east", "lab-east"])
        #expect(runs.map(\.info.label) == ["round-1-lab-east", "round-2-lab-east"])
        #expect(try runs.map { try store.sampleCount($0) } == [10, 10])
        // The second run started one interval after the first, not right after it ended (each
        // takes about 0.3 s); the first start is measured a little after the schedule's anchor.
        if runs.count == 2 {
            let gap = Double(runs[1].info.startedNs - runs[0].info.startedNs) / 1e9
            #expect(gap > 1.5 && gap < 3.0, "runs started \(gap) s apart")
        }
    }

    /// `sonde run --vantage` records it as `schedule` does.
    @Test func aSingleRunRecordsItsVantageToo() async throws {
        let (dir, fleet) = try await prepare(samples: 3)
        let result = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "r.db", "--vantage", "lab-south"], in: dir)
        await fleet.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sqlite(dir.appendingPathComponent("r.db"), "select status || ' ' || vantage from runs") == "complete lab-south")
    }

    /// Runs of about 1.5 s on a 1 s interval: the start that passes during a run is skipped and
    /// logged, and the next run begins only after the previous one finished.
    @Test func aRunThatOutlastsTheIntervalSkipsAStartInsteadOfOverlapping() async throws {
        let (dir, fleet) = try await prepare(samples: 30)
        let result = try await SondeBinary.run(["schedule", "-c", "sonde.yaml", "--every", "1s", "--max-runs", "2",
                                                "--db", "s.db"], in: dir, timeout: .seconds(30))
        await fleet.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("run 1 outlasted its interval; skipped 1 start(s)"), "\(result.stderr)")
        let runs = try SampleStore(path: dir.appendingPathComponent("s.db").path, create: false).runs()
            .sorted { $0.info.startedNs < $1.info.startedNs }
        #expect(runs.count == 2 && runs.allSatisfy { $0.status == .complete })
        if runs.count == 2, let firstEnd = runs[0].finishedNs {
            #expect(runs[1].info.startedNs >= firstEnd, "the second run started before the first ended")
        }
    }

    @Test func sigtermDuringARoundLeavesAnInterruptedRunAndAConsistentDatabase() async throws {
        let (dir, fleet) = try await prepare(samples: 1000, interval: "10ms")
        let running = try SondeBinary.start(["schedule", "-c", "sonde.yaml", "--every", "1m", "--db", "s.db",
                                             "--vantage", "lab-west"], in: dir)
        let db = dir.appendingPathComponent("s.db")
        // Wait until the round has committed samples (at most 15 s), then stop it mid-round.
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline, (Int(try sqlite(db, "select count(*) from samples")) ?? 0) < 100 {
            try await Task.sleep(for: .milliseconds(100))
        }
        kill(running.process.processIdentifier, SIGTERM)
        let result = await running.finished()
        await fleet.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sqlite(db, "pragma integrity_check") == "ok")
        #expect(try sqlite(db, "select status || ' ' || vantage from runs") == "interrupted lab-west")
        let stored = Int(try sqlite(db, "select count(*) from samples")) ?? 0
        print("SIGTERM mid-round: exit \(result.status), \(stored) of 2000 planned samples stored, run interrupted")
        #expect(stored >= 100 && stored < 2000, "\(stored) samples")
        #expect(try sqlite(db, "select count(*) from runs where finished_at_ns is null") == "0")
    }

    /// The live endpoint passes `promtool check metrics`; the same check fails once the
    /// exposition is broken, so it can fail.
    @Test func theMetricsEndpointPassesPromtool() async throws {
        let (dir, fleet) = try await prepare(samples: 5, moreProbes: "  availability: { interval: 100ms, duration: 500ms }\n")
        let port = try TestProcess.freeLoopbackPort()
        let running = try SondeBinary.start(["schedule", "-c", "sonde.yaml", "--every", "1m", "--db", "s.db",
                                             "--vantage", "lab-north", "--metrics-port", String(port)], in: dir)
        var exposition = ""
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline, !exposition.contains(#"sonde_runs_total{status="complete"} 1"#) {
            try await Task.sleep(for: .milliseconds(100))
            exposition = try await get("http://127.0.0.1:\(port)/metrics")
        }
        // SIGINT (Ctrl-C) between runs: the service stops waiting and exits 0 at once.
        kill(running.process.processIdentifier, SIGINT)
        let result = await running.finished()
        await fleet.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("schedule: stopped after 1 run(s)"), "\(result.stderr)")
        #expect(exposition.contains(#"sonde_info{vantage="lab-north",version="#), "\(exposition.prefix(400))")
        #expect(exposition.contains(#"sonde_probe_attempts_total{provider="cloud",kind="centralized",probe="latency",outcome="ok"} 5"#))
        #expect(exposition.contains(#"sonde_phase_duration_seconds_count{provider="depin",kind="depin",probe="latency",phase="total"} 5"#))
        // Heartbeats reach the attempt counters, and the run's availability (every heartbeat answered) its gauge.
        #expect(exposition.contains(#"sonde_probe_attempts_total{provider="cloud",kind="centralized",probe="availability",outcome="ok"} 5"#),
                "\(exposition)")
        #expect(exposition.contains(#"sonde_availability_ratio{provider="depin",kind="depin"} 1"#), "\(exposition)")
        let good = try TestProcess.run("/usr/bin/promtool", ["check", "metrics"], input: exposition)
        #expect(good.status == 0, "\(good.output)")
        let broken = exposition.replacingOccurrences(of: "# TYPE sonde_runs_total counter", with: "# TYPE sonde_runs_total countr")
        #expect(broken != exposition)
        #expect(try TestProcess.run("/usr/bin/promtool", ["check", "metrics"], input: broken).status != 0)
    }

    /// A real Prometheus server on loopback scrapes `sonde schedule` (scripts/prometheus-scrape.sh).
    @Test func aRealPrometheusScrapesTheSchedule() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/prometheus-scrape.sh").path
        let result = try await SondeBinary.run(["/bin/bash", script, SondeBinary.path], timeout: .seconds(60), viaShell: true)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("up{job=\"sonde\"} == 1"))
    }

    @Test(arguments: [
        (["--every", "5m", "--cron", "* * * * *"], "either --every or --cron"),
        (["--cron", "61 * * * *"], "minute field '61'"),
        (["--every", "10s", "--jitter", "10s"], "--jitter 10s must be shorter than --every 10s"),
        (["--every", "1m", "--label", "x-{round}"], "unknown placeholder '{round}'"),
        (["--every", "1m", "--metrics-bind", "localhost"], "not an IPv4 or IPv6 address"),
    ])
    func badSchedulesAreUsageErrors(_ arguments: [String], _ message: String) async throws {
        let dir = try temporaryDirectory()
        try "providers:\n  - { name: a, kind: centralized, endpoint: 'http://127.0.0.1:9/' }\n"
            .write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let result = try await SondeBinary.run(["schedule", "-c", "sonde.yaml", "--db", "s.db"] + arguments, in: dir)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("s.db").path))
    }
}

private func sqlite(_ db: URL, _ sql: String) throws -> String {
    try TestProcess.run("/usr/bin/sqlite3", [db.path, sql]).output.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// A GET with curl on its own thread ("" when nothing answers yet).
private func get(_ url: String) async throws -> String {
    try await TestProcess.runOffThread("/usr/bin/curl", ["-sf", "--max-time", "2", url]).output
}

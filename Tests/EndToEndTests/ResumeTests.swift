import Foundation
import Testing
import SondeCore
import SondeEmulator
import SondeStore

/// `sonde run --resume` after a `kill -9` in the middle of an LLM probe and of heartbeats: the
/// resumed run reaches the planned counts, with no sequence number stored twice.
@Suite(.serialized) struct ResumeTests {
    let crash = CrashSafetyTests()

    /// Starts `sonde run`, kills it with SIGKILL once `probe` has at least `atLeast` samples
    /// committed, and returns the run's id.
    func killDuring(_ probe: String, atLeast: Int, dir: URL) async throws -> String {
        let db = dir.appendingPathComponent("run.db")
        let running = try SondeBinary.start(["run", "-c", "sonde.yaml", "--db", "run.db"], in: dir)
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            let count = FileManager.default.fileExists(atPath: db.path)
                ? Int(try crash.sqlite(db, "select count(*) from samples where probe = '\(probe)'")) ?? 0 : 0
            if count >= atLeast { break }
        }
        kill(running.process.processIdentifier, SIGKILL)
        _ = await running.finished()
        return try crash.sqlite(db, "select uuid from runs")
    }

    @Test func anLLMProbeKilledMidwayResumesToItsPlannedRequests() async throws {
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: """
            seed: 3
            providers:
              - { name: a, kind: centralized, region: r1, latency: { median: 1ms, sigma: 0.1 }, llm: { queue: 5ms, decode: 2ms } }
              - { name: b, kind: depin, region: r2, latency: { median: 1ms, sigma: 0.1 }, llm: { queue: 5ms, decode: 3ms } }
            """, source: "fleet"))
        let dir = try temporaryDirectory()
        try (fleet.providersYAML() + """

            probes:
              llm: { model: m, prompt_tokens: 16, max_tokens: 16, concurrency: 2, requests: 80, chunk_cap: 10 }

            """).write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let runID = try await killDuring("llm", atLeast: 30, dir: dir)
        let db = dir.appendingPathComponent("run.db")
        let before = Int(try crash.sqlite(db, "select count(*) from samples where probe = 'llm'")) ?? 0
        #expect(before > 0 && before < 160, "killed with \(before) of 160 requests stored: not in the middle")
        print("llm: killed with \(before) of 160 requests stored")
        // Records are committed with their samples: none is lost with its samples row kept.
        #expect(try crash.sqlite(db, "select count(*) from llm_requests") == String(before))

        let resumed = try await SondeBinary.run(["run", "--resume", runID, "--db", "run.db"], in: dir)
        await fleet.stop()
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try crash.sqlite(db, "select status from runs") == "complete")
        #expect(try crash.sqlite(db, "select group_concat(n) from (select count(*) n from samples group by provider_id)") == "80,80")
        #expect(try crash.sqlite(db, "select count(distinct provider_id || '/' || sequence) from samples") == "160")
        #expect(try crash.sqlite(db, "select max(sequence) from samples") == "79")
        #expect(try crash.sqlite(db, "select count(*) from llm_requests") == "160")
        let orphans = "select count(*) from samples s left join llm_requests q on q.run_id = s.run_id "
            + "and q.provider_id = s.provider_id and q.sequence = s.sequence where q.sequence is null"
        #expect(try crash.sqlite(db, orphans) == "0")
        // Chunk offsets are kept for sequences below chunk_cap only, on either side of the crash.
        #expect(try crash.sqlite(db, "select max(sequence) from llm_chunks") == "9")
    }

    @Test func heartbeatsKilledMidwayResumeToThePlannedCountAndTheGapIsUnobserved() async throws {
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: CrashSafetyTests.fleetYAML, source: "fleet"))
        let dir = try temporaryDirectory()
        // 20 ms apart for 3 s: 150 heartbeats per provider (b starts 10 ms after a).
        try (fleet.providersYAML() + "\nprobes:\n  availability: { interval: 20ms, timeout: 1s, duration: 3s }\n")
            .write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let runID = try await killDuring("availability", atLeast: 40, dir: dir)
        let db = dir.appendingPathComponent("run.db")
        let before = Int(try crash.sqlite(db, "select count(*) from samples")) ?? 0
        #expect(before > 0 && before < 300, "killed with \(before) of 300 heartbeats stored: not in the middle")
        print("heartbeats: killed with \(before) of 300 stored")
        // sonde stays down a whole second: far more than the 1.5 intervals that make a gap.
        try await Task.sleep(for: .seconds(1))

        let resumed = try await SondeBinary.run(["run", "--resume", runID, "--db", "run.db"], in: dir)
        await fleet.stop()
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try crash.sqlite(db, "select status from runs") == "complete")
        #expect(try crash.sqlite(db, "select group_concat(n) from (select count(*) n from samples group by provider_id)") == "150,150")
        #expect(try crash.sqlite(db, "select count(distinct provider_id || '/' || sequence) from samples") == "300")
        #expect(try crash.sqlite(db, "select max(sequence) from samples") == "149")

        // The second sonde was down is neither up nor down: both providers answered every
        // heartbeat, so availability is 1 with no interruption, and the observed time is the
        // heartbeats' own (under 3 s), not the wall-clock span with the gap (over 4 s).
        let store = try SampleStore(path: db.path, create: false)
        let data = try store.load(try store.run(.id(runID)), probe: .availability)
        let analysis = AvailabilityAnalysis(data.series, failuresToInterrupt: 3, confidence: 0.95, job: .init())
        #expect(analysis.rows.count == 2)
        for (row, series) in zip(analysis.rows, data.series) {
            let times = series.samples.map(\.intendedNs)
            let spanUs = Double((times.max() ?? 0) - (times.min() ?? 0)) / 1000
            #expect(row.failures == 0 && row.interruptions == 0, "\(row.provider.name): \(row.episodes)")
            #expect(row.availability == 1)
            #expect(row.observedUs > 2.8e6 && row.observedUs < 3.0e6, "\(row.provider.name): observed \(row.observedUs) µs")
            print("heartbeats \(row.provider.name): \(row.attempts) attempts, observed \(row.observedUs) µs over a span of \(spanUs) µs, availability \(row.availability ?? -1), \(row.interruptions) interruptions")
            #expect(spanUs > 3.9e6, "\(row.provider.name): the heartbeats span \(spanUs) µs, so there was no gap to leave out")
        }
    }
}

extension ResumeTests {
    /// A run that probed provisioned machines is refused by name (exit 64), and left as it was.
    @Test func aRunWithProvisionBlocksIsRefusedByName() async throws {
        let dir = try temporaryDirectory()
        // The create command answers nothing for 2 s: the run is killed while provisioning (the
        // orphaned `sleep` holds the output pipes until it ends, so it is short).
        try """
            providers:
              - name: gpu
                kind: depin
                endpoint: http://127.0.0.1:9/health
                provision:
                  adapter: command
                  create: [sleep, "2"]
                  id: { pointer: /id }
                  status: ["true"]
                  state: { pointer: /state }
                  running: [running]
                  failed: [error]
                  endpoint: { pointer: /ip }
                  destroy: ["true"]
            probes:
              latency: { interval: 10ms, samples: 10 }
            """.write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("run.db")
        let running = try SondeBinary.start(["run", "-c", "sonde.yaml", "--db", "run.db"], in: dir)
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            if FileManager.default.fileExists(atPath: db.path), (try? crash.sqlite(db, "select count(*) from runs")) == "1" { break }
        }
        kill(running.process.processIdentifier, SIGKILL)
        _ = await running.finished()
        let runID = try crash.sqlite(db, "select uuid from runs")
        let resumed = try await SondeBinary.run(["run", "--resume", runID, "--db", "run.db"], in: dir)
        #expect(resumed.status == 64, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("cannot be resumed: it probed provisioned machines (provision: blocks of gpu)"), "\(resumed.stderr)")
        #expect(try crash.sqlite(db, "select status from runs") == "interrupted")
        #expect(try crash.sqlite(db, "select count(*) from samples") == "0")
    }
}

import Foundation
import Testing
import SondeCore
import SondeEmulator

/// An outage longer than the writer's reconnect window (`SONDE_PG_RECONNECT_WINDOW`, shortened
/// here to 1 s): the agent keeps probing, spools to a local SQLite file named in a status line,
/// uploads it when the server is back and removes it; or, when the run ends first, leaves it and
/// says how to upload it with `sonde merge`. Both end with every logged sample stored exactly once.
@Suite(.serialized) struct PostgresSpoolTests {
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/pg-cluster.sh").path
    }

    /// One agent against its own two-provider fleet, a latency probe every 20 ms per provider.
    static func startAgent(samples: Int, db: String, in dir: URL) async throws -> (EmulatedFleet, SondeBinary.Running) {
        let spec = try FleetSpec.parse(yaml: """
            seed: 7
            providers:
              - { name: cloud, kind: centralized, region: us-east, latency: { median: 1ms, sigma: 0.2 } }
              - { name: edge, kind: depin, region: eu, latency: { median: 2ms, sigma: 0.3 } }
            """, source: "fleet.yaml")
        let fleet = try await EmulatedFleet.start(spec)
        try (fleet.providersYAML() + "\nprobes:\n  latency: { interval: 20ms, samples: \(samples), timeout: 2s, reuse: true }\n")
            .write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let agent = try SondeBinary.start(["run", "-c", "sonde.yaml", "--db", db, "--label", "spool", "--send-log", "sent.log"], in: dir,
                                          environment: ["SONDE_PG_RECONNECT_WINDOW": "1s",
                                                        "SONDE_SPOOL_DIR": dir.appendingPathComponent("spool").path])
        return (fleet, agent)
    }

    /// Waits (at most a minute) until the agent has stored samples: the run has started, its
    /// migrations are done, and the outage hits the writer rather than the start-up.
    static func waitForSamples(schema: String) async throws {
        for _ in 0..<600 {
            if let stored = Int(try PostgresCommandTests.psql("SELECT count(*) FROM \(schema).samples")), stored > 0 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the agent stored nothing within a minute")
    }

    /// The spool files in `dir`/spool.
    static func spools(in dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("spool").path)) ?? [])
            .filter { $0.hasPrefix("sonde-spool-") && $0.hasSuffix(".db") }
    }

    /// The agent's send log against the stored keys: none missing, none extra, none twice.
    static func expectExactlyOnce(schema: String, dir: URL, planned: Int) throws {
        let logged = try String(contentsOf: dir.appendingPathComponent("sent.log"), encoding: .utf8).split(separator: "\n").map(String.init)
        let rows = try PostgresCommandTests.psql("""
            SELECT s.provider_id || ' ' || s.probe || ' ' || s.sequence FROM \(schema).samples s
            """).split(separator: "\n").map(String.init)
        #expect(logged.count == planned, "\(logged.count) of \(planned) planned samples logged")
        #expect(rows.count == Set(rows).count, "a sample stored twice")
        let missing = Set(logged).subtracting(rows).count
        let extra = Set(rows).subtracting(logged).count
        #expect(missing == 0 && extra == 0, "\(missing) logged samples missing, \(extra) extra")
        #expect(try PostgresCommandTests.psql("SELECT sum(samples) FROM \(schema).run_sample_counts") == String(rows.count))
    }

    @Test(arguments: PostgresCommandTests.cases)
    func anOutageLongerThanTheWindowIsSpooledAndUploadedExactlyOnce(_ backing: String) async throws {
        _ = backing
        let clusterDir = try #require(PostgresCommandTests.environment["SONDE_TEST_PG_DIR"])
        let (db, schema) = try PostgresCommandTests.freshSchema()
        let dir = try temporaryDirectory()
        // 400 attempts per provider every 20 ms: 8 s, the outage of 3 s from the first stored samples.
        let (fleet, agent) = try await Self.startAgent(samples: 400, db: db, in: dir)
        try await Self.waitForSamples(schema: schema)
        let down = try await PostgresCommandTests.runOffThread(Self.script, ["down", clusterDir])
        #expect(down.status == 0, "\(down.output)")
        try await Task.sleep(for: .seconds(3))
        let during = Self.spools(in: dir)
        let up = try await PostgresCommandTests.runOffThread(Self.script, ["up", clusterDir])
        #expect(up.status == 0, "\(up.output)")
        let result = await agent.finished(within: .seconds(120))
        await fleet.stop()

        #expect(result.status == 0, "\(result.stderr)")
        #expect(during.count == 1, "one spool file while the server was down: \(during)")
        #expect(result.stderr.contains("samples are spooled to \(dir.appendingPathComponent("spool").path)/sonde-spool-"), "\(result.stderr)")
        #expect(result.stderr.contains("uploaded"), "\(result.stderr)")
        #expect(Self.spools(in: dir).isEmpty, "the spool is removed once uploaded")
        try Self.expectExactlyOnce(schema: schema, dir: dir, planned: 800)
        #expect(try PostgresCommandTests.psql("SELECT status FROM \(schema).runs") == "complete")
    }

    @Test(arguments: PostgresCommandTests.cases)
    func aRunEndingDuringTheOutageLeavesItsSpoolForSondeMerge(_ backing: String) async throws {
        _ = backing
        let clusterDir = try #require(PostgresCommandTests.environment["SONDE_TEST_PG_DIR"])
        let (db, schema) = try PostgresCommandTests.freshSchema()
        let dir = try temporaryDirectory()
        // 200 attempts per provider: 4 s; the server goes once samples are stored and comes back after the run.
        let (fleet, agent) = try await Self.startAgent(samples: 200, db: db, in: dir)
        try await Self.waitForSamples(schema: schema)
        let down = try await PostgresCommandTests.runOffThread(Self.script, ["down", clusterDir])
        #expect(down.status == 0, "\(down.output)")
        // Bounded, so that the server comes back for the suites after this one whatever the agent does.
        let result = await agent.finished(within: .seconds(120))
        await fleet.stop()
        let up = try await PostgresCommandTests.runOffThread(Self.script, ["up", clusterDir])
        #expect(up.status == 0, "\(up.output)")

        #expect(result.status == 69, "\(result.stderr)")
        let left = Self.spools(in: dir)
        try #require(left.count == 1, "the spool stays: \(left)")
        let spool = dir.appendingPathComponent("spool").appendingPathComponent(left[0]).path
        #expect(result.stderr.contains("sonde merge"), "\(result.stderr)")
        #expect(result.stderr.contains(spool), "\(result.stderr)")
        #expect(try PostgresCommandTests.psql("SELECT status FROM \(schema).runs") == "running")

        let merged = try await SondeBinary.run(["merge", db, spool], in: dir)
        #expect(merged.status == 0, "\(merged.stderr)")
        try Self.expectExactlyOnce(schema: schema, dir: dir, planned: 400)
        #expect(try PostgresCommandTests.psql("SELECT status FROM \(schema).runs") == "complete")
        let again = try await SondeBinary.run(["merge", db, spool], in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        try Self.expectExactlyOnce(schema: schema, dir: dir, planned: 400)
    }
}

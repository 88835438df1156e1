import Foundation
import Testing
import SondeCore
import SondeEmulator

/// Many agents, one store: eight `sonde run` processes with different `--vantage` values, each
/// against its own emulated fleet (the same providers at different ports), write one PostgreSQL
/// database at once while the server is restarted under them. Every sample each agent recorded
/// (its send log) is stored exactly once, the providers are one set across agents, and the
/// report over PostgreSQL equals the report over the runs pulled into SQLite, byte for byte.
///
/// `SONDE_PG_AGENT_SAMPLES` sets the total (default 24,000, which `make test` runs; the issue's
/// 250,000 is `SONDE_PG_AGENT_SAMPLES=250000`, docs/postgres.md has the measured run).
@Suite(.serialized) struct PostgresAgentsTests {
    static let agents = 8
    static var total: Int { Int(PostgresCommandTests.environment["SONDE_PG_AGENT_SAMPLES"] ?? "") ?? 24_000 }

    @Test(arguments: PostgresCommandTests.cases)
    func eightAgentsStoreEverySampleOnceThroughAServerRestart(_ backing: String) async throws {
        _ = backing
        let clusterDir = try #require(PostgresCommandTests.environment["SONDE_TEST_PG_DIR"], "SONDE_TEST_PG_DIR names the cluster to restart")
        let (db, schema) = try PostgresCommandTests.freshSchema()
        let spec = try FleetSpec.parse(yaml: """
            seed: 5
            providers:
              - { name: cloud, kind: centralized, region: us-east, latency: { median: 1ms, sigma: 0.2 } }
              - { name: edge, kind: depin, region: eu, latency: { median: 2ms, sigma: 0.3 } }
            """, source: "fleet.yaml")
        // Latency attempts per provider per agent, every 20 ms: an open-loop schedule stores every
        // planned attempt (a slow answer is a timeout row), so the total is exact.
        let perProvider = Self.total / (Self.agents * 2)
        let seconds = perProvider * 20 / 1000
        let label = "agents-\(schema)"
        var fleets: [EmulatedFleet] = []
        var running: [SondeBinary.Running] = []
        var dirs: [URL] = []
        for agent in 0..<Self.agents {
            let fleet = try await EmulatedFleet.start(spec)
            fleets.append(fleet)
            let dir = try temporaryDirectory()
            dirs.append(dir)
            try (fleet.providersYAML() + "\nprobes:\n  latency: { interval: 20ms, samples: \(perProvider), timeout: 2s, reuse: true }\n")
                .write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
            running.append(try SondeBinary.start(["run", "-c", "sonde.yaml", "--db", db, "--vantage", "agent-\(agent)", "--label", label,
                                                  "--send-log", "sent.log"], in: dir))
        }
        // The restart, a third of the way in: every agent's connections are cut at once.
        try await Task.sleep(for: .seconds(Double(seconds) / 3 + 1))
        let restart = try await PostgresCommandTests.runOffThread(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/pg-cluster.sh").path, ["restart", clusterDir])
        #expect(restart.status == 0, "\(restart.output)")
        var results: [SondeBinary.Result] = []
        for process in running { results.append(await process.finished()) }
        for fleet in fleets { await fleet.stop() }
        for (agent, result) in results.enumerated() { #expect(result.status == 0, "agent \(agent): \(result.stderr)") }

        // Exactly once: per agent, the stored keys are the logged ones, none twice.
        var stored = 0
        for agent in 0..<Self.agents {
            let logged = try String(contentsOf: dirs[agent].appendingPathComponent("sent.log"), encoding: .utf8)
                .split(separator: "\n").map(String.init)
            let rows = try PostgresCommandTests.psql("""
                SELECT s.provider_id || ' ' || s.probe || ' ' || s.sequence FROM \(schema).samples s
                JOIN \(schema).runs r ON r.id = s.run_id WHERE r.vantage = 'agent-\(agent)'
                """).split(separator: "\n").map(String.init)
            #expect(Set(logged).count == logged.count, "agent \(agent) logged a sample twice")
            #expect(rows.count == Set(rows).count, "agent \(agent): a sample stored twice")
            // Counted, not printed: a failure here would otherwise print thousands of keys.
            let missing = Set(logged).subtracting(rows).count
            let extra = Set(rows).subtracting(logged).count
            #expect(missing == 0 && extra == 0, "agent \(agent): \(missing) logged samples missing, \(extra) extra")
            stored += rows.count
        }
        #expect(stored == perProvider * 2 * Self.agents, "\(stored) of \(perProvider * 2 * Self.agents) planned samples stored")
        #expect(try PostgresCommandTests.psql("SELECT sum(samples) FROM \(schema).run_sample_counts") == String(stored))
        #expect(try PostgresCommandTests.psql("SELECT count(*) FROM \(schema).runs WHERE status = 'complete'") == String(Self.agents))
        // One provider per name across the eight agents' endpoints; each run keeps its own endpoint.
        #expect(try PostgresCommandTests.psql("SELECT count(*) FROM \(schema).providers") == "2")
        #expect(try PostgresCommandTests.psql("SELECT count(DISTINCT endpoint) FROM \(schema).run_providers") == String(2 * Self.agents))

        let dir = dirs[0]
        let pulled = try await SondeBinary.run(["merge", "pulled.db", db, "--labels", label], in: dir, timeout: .seconds(300))
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let overPostgres = try await SondeBinary.run(["report", "--db", db, "--labels", label, "--format", "json"], in: dir, timeout: .seconds(300))
        let overSQLite = try await SondeBinary.run(["report", "--db", "pulled.db", "--labels", label, "--format", "json"], in: dir,
                                                   timeout: .seconds(300))
        #expect(overPostgres.status == 0 && overSQLite.status == 0, "\(overPostgres.stderr) \(overSQLite.stderr)")
        #expect(!overPostgres.stdout.isEmpty)
        #expect(overPostgres.stdout == overSQLite.stdout, "the report over PostgreSQL differs from the pulled copy's")
    }
}

import Foundation
import Testing
import SondeCore
import SondeEmulator
import SondeStore
import SondeTestSupport

/// `--db postgresql://...` through the built binary, against the throwaway cluster `make test`
/// starts (SONDE_TEST_PG, PGPASSWORD). Without it these print SKIPPED; with CI=true they fail.
@Suite(.serialized) struct PostgresCommandTests {
    static let environment = ProcessInfo.processInfo.environment
    static var url: String? { environment["SONDE_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 } }
    static let enabled: Bool = {
        if url != nil || environment["CI"] == "true" { return true }
        FileHandle.standardError.write(Data("""
            ************************************************************************
            SKIPPED: PostgreSQL end-to-end tests (SONDE_TEST_PG is not set; `make test` starts a cluster)
            ************************************************************************

            """.utf8))
        return false
    }()
    static var cases: [String] { enabled ? ["postgres"] : [] }

    struct Missing: Error {}

    /// Runs a helper program (psql, pg_dump, pg-cluster.sh) to its end, at most two minutes
    /// (pg_ctl waits at most 60 s itself; a psql against a server that went away fails at once).
    static func run(_ program: String, _ arguments: [String], keepStderr: Bool = true) throws -> TestProcess.Outcome {
        try TestProcess.run(program, arguments, input: nil as String?, standardError: keepStderr ? .merged : .discarded,
                            timeout: .seconds(120))
    }

    /// `run` on a plain thread, so that no Swift concurrency thread (the in-process emulator's) waits.
    static func runOffThread(_ program: String, _ arguments: [String]) async throws -> TestProcess.Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try run(program, arguments) }) }.start()
        }
    }

    /// A new schema (owned by the test role), and the URL whose search_path is it.
    static func freshSchema() throws -> (url: String, schema: String) {
        guard let url else { throw Missing() }
        let schema = "e2e_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let made = try Self.run("/usr/bin/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", "CREATE SCHEMA \(schema)"])
        #expect(made.status == 0, "\(made.output)")
        return (url + "?options=-csearch_path%3D\(schema)", schema)
    }

    static func psql(_ sql: String) throws -> String {
        try Self.run("/usr/bin/psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url ?? "", "-c", sql]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: cases)
    func badURLsUnreachableServersWrongPasswordsAndPowerlessRolesExitWithTheirCodes(_ backing: String) async throws {
        _ = backing
        let url = try #require(Self.url)
        let port = try #require(URLComponents(string: url)?.port)
        let (good, schema) = try Self.freshSchema()
        let dir = try temporaryDirectory()
        try "providers:\n  - { name: a, kind: depin, endpoint: \"http://127.0.0.1:1/\" }\nprobes:\n  latency: { interval: 100ms, samples: 2 }\n"
            .write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let withPassword = url.replacingOccurrences(of: "sonde@", with: "sonde:hunter2@")
        let cases: [(name: String, db: String, environment: [String: String], status: Int32)] = [
            ("password in the URL", withPassword, [:], 64),
            ("not a URL", "postgresql://sonde@127.0.0.1:port/sonde", [:], 64),
            ("unreachable", url.replacingOccurrences(of: ":\(port)/", with: ":1/"), [:], 69),
            ("wrong password", good, ["PGPASSWORD": "not-the-password"], 77),
        ]
        for command in [["runs"], ["report", "--last"], ["run", "-c", "sonde.yaml"], ["gate", "--baseline", "last", "--candidate", "last"],
                        ["merge", "x.db"], ["provision", "cleanup"]] {
            for item in cases {
                var arguments = command
                if command == ["merge", "x.db"] { arguments = ["merge", item.db, "x.db"] } else { arguments += ["--db", item.db] }
                if command == ["merge", "x.db"] { try? "".write(to: dir.appendingPathComponent("x.db"), atomically: true, encoding: .utf8) }
                let result = try await SondeBinary.run(arguments, in: dir, environment: item.environment, timeout: .seconds(60))
                #expect(result.status == item.status, "\(command) \(item.name): \(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(command) \(item.name): \(result.stderr)")
                #expect(!result.stderr.contains("hunter2") && !result.stdout.contains("hunter2"))
            }
        }
        // A role that may use the schema but create nothing in it: 77, and nothing half-made.
        let nobody = try #require(Self.environment["SONDE_TEST_PG_NOBODY"])
        let password = try #require(Self.environment["SONDE_TEST_PG_NOBODY_PASSWORD"])
        _ = try Self.psql("GRANT USAGE ON SCHEMA \(schema) TO sonde_nobody")
        let refused = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", nobody + "?options=-csearch_path%3D\(schema)"], in: dir,
                                                environment: ["PGPASSWORD": password], timeout: .seconds(60))
        #expect(refused.status == 77, "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(try Self.psql("SELECT count(*) FROM pg_tables WHERE schemaname = '\(schema)'") == "0")

        // The agent role of docs/postgres.md: the owner migrates, the agent may only read, insert and update.
        let migrated = try await SondeBinary.run(["runs", "--db", good], in: dir)
        #expect(migrated.status == 0, "\(migrated.stderr)")
        _ = try Self.psql("""
            GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA \(schema) TO sonde_nobody;
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA \(schema) TO sonde_nobody
            """)
        let agent = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", nobody + "?options=-csearch_path%3D\(schema)",
                                               "--label", "agent"], in: dir, environment: ["PGPASSWORD": password], timeout: .seconds(60))
        #expect(agent.status == 0, "\(agent.stderr)")
        #expect(try Self.psql("SELECT count(*) FROM \(schema).samples") == "2")
    }

    /// A run into PostgreSQL, pulled into SQLite and pushed into a second schema: the three JSON
    /// reports are byte-identical, a second pull and push add nothing, and the PGPASSWORD value
    /// appears nowhere: not in the database, the outputs, the pulled file, the server log, or
    /// any process's command line while the run was going.
    @Test(arguments: cases)
    func aRunInPostgresReportsLikeItsPulledCopyAndThePasswordIsNowhere(_ backing: String) async throws {
        _ = backing
        let secret = try #require(Self.environment["PGPASSWORD"])
        let spec = try FleetSpec.parse(yaml: """
            seed: 3
            providers:
              - { name: cloud, kind: centralized, region: us-east, latency: { median: 3ms, sigma: 0.2 } }
              - { name: edge, kind: depin, region: eu, latency: { median: 5ms, sigma: 0.4 } }
            """, source: "fleet.yaml")
        let fleet = try await EmulatedFleet.start(spec)
        let dir = try temporaryDirectory()
        try (fleet.providersYAML() + "\nprobes:\n  latency: { interval: 20ms, samples: 150, timeout: 2s }\n")
            .write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let (db, schema) = try Self.freshSchema()
        var outputs: [SondeBinary.Result] = []

        let running = try SondeBinary.start(["run", "-c", "sonde.yaml", "--db", db, "--vantage", "lab", "--label", "pg"], in: dir)
        var commandLines = ""
        // Scanned until the run ends, at most two minutes (then `finished` below records the hang).
        let scanUntil = ContinuousClock.now + .seconds(120)
        while running.process.isRunning && ContinuousClock.now < scanUntil {
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where entry.allSatisfy(\.isNumber) {
                if let bytes = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") {
                    commandLines += String(decoding: bytes.map { $0 == 0 ? 32 : $0 }, as: UTF8.self) + "\n"
                }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let run = await running.finished(within: .seconds(30))
        await fleet.stop()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(commandLines.contains("sonde.yaml"), "the scan saw the run's own command line")
        outputs.append(run)

        let pulled = try await SondeBinary.run(["merge", "pulled.db", db], in: dir)
        let again = try await SondeBinary.run(["merge", "pulled.db", db], in: dir)
        #expect(pulled.status == 0 && again.status == 0, "\(pulled.stderr) \(again.stderr)")
        #expect(again.stderr.contains("0 runs, 0 samples added"), "\(again.stderr)")
        let (second, secondSchema) = try Self.freshSchema()
        let pushed = try await SondeBinary.run(["merge", second, "pulled.db"], in: dir)
        let pushedAgain = try await SondeBinary.run(["merge", second, "pulled.db"], in: dir)
        #expect(pushed.status == 0 && pushedAgain.stderr.contains("0 runs, 0 samples added"), "\(pushed.stderr) \(pushedAgain.stderr)")

        var reports: [String] = []
        for source in [db, "pulled.db", second] {
            let report = try await SondeBinary.run(["report", "--db", source, "--label", "pg", "--format", "json"], in: dir)
            #expect(report.status == 0, "\(report.stderr)")
            reports.append(report.stdout)
            outputs.append(report)
        }
        #expect(reports[0] == reports[1], "PostgreSQL and the pulled SQLite file report differently")
        #expect(reports[0] == reports[2], "the pushed copy reports differently")
        #expect(reports[0].contains("\"cloud\""))
        let listed = try await SondeBinary.run(["runs", "--db", db], in: dir)
        #expect(listed.status == 0 && listed.stdout.contains("pg"), "\(listed.stderr)")
        // Every sample once: 150 per provider, the kept counts agreeing with the rows.
        #expect(try Self.psql("SELECT count(*), count(DISTINCT (provider_id, sequence)) FROM \(schema).samples") == "300|300")
        #expect(try Self.psql("SELECT sum(samples) FROM \(schema).run_sample_counts") == "300")
        outputs += [pulled, again, pushed, pushedAgain, listed]

        // Where the password could leak.
        let dump = try Self.run("/usr/bin/pg_dump", ["--data-only", "-n", schema, "-n", secondSchema, Self.url ?? ""], keepStderr: false)
        #expect(dump.status == 0 && dump.output.contains("COPY"), "pg_dump printed \(dump.output.prefix(200))")
        #expect(!dump.output.contains(secret), "the password is in the database")
        for output in outputs { #expect(!output.stdout.contains(secret) && !output.stderr.contains(secret)) }
        #expect(!commandLines.contains(secret), "the password is on a command line")
        let file = try Data(contentsOf: dir.appendingPathComponent("pulled.db"))
        #expect(file.range(of: Data(secret.utf8)) == nil, "the password is in the pulled file")
        if let logDir = Self.environment["SONDE_TEST_PG_DIR"],
           let log = FileManager.default.contents(atPath: logDir + "/server.log") {
            #expect(log.range(of: Data(secret.utf8)) == nil, "the password is in the server log")
        }
    }
}

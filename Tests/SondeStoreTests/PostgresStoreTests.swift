import Foundation
import Testing
import SondeCore
@testable import SondeStore

/// What only the PostgreSQL store does (replays, push, connection errors), and the store
/// behaviour both dialects share that the older suites did not cover (liveness, resume,
/// provider identity), parameterised over every backing.
@Suite struct PostgresStoreTests {
    typealias Backing = SampleStoreTests.Backing

    static func sample(_ provider: Int64, _ sequence: Int64, probe: ProbeKind = .latency) -> Sample {
        Sample(providerID: provider, probe: probe, sequence: sequence, intendedNs: 10 + sequence, startedNs: 11 + sequence,
               totalUs: 100 + sequence, bytes: 5, httpStatus: 200)
    }

    @Test(arguments: Backing.allCases)
    func aDeadProcessesRunIsMarkedInterruptedAndResumesWhereItStopped(backing: Backing) throws {
        let store = try backing.open()
        let info = SampleStoreTests.info()
        let row = try store.beginRun(info)
        let a = try store.providerID(for: Provider(name: "a", kind: .depin, region: "eu", endpoint: "http://a/"))
        let writer = try store.makeWriter(runRowID: row)
        for sequence in 0..<40 { writer.record(Self.sample(a, Int64(sequence))) }
        #expect(try writer.finish() == 40)
        // Same host, its pid gone: interrupted, ending at the last heartbeat.
        let host = ProcessInfo.processInfo.hostName
        let marked = try store.markOrphanedRuns(host: host, isAlive: { _ in false })
        #expect(marked.map(\.runID) == [] || marked.map(\.runID) == [info.id])
        // The run's own process (this one) is never marked: make it look like another one.
        let other = try store.markOrphanedRuns(host: "elsewhere", nowNs: Int64(Date().timeIntervalSince1970 * 1e9) + 3_600_000_000_000,
                                               isAlive: { _ in false })
        #expect(other.map(\.runID) == [info.id])
        let record = try store.run(.id(info.id))
        #expect(record.status == .interrupted)
        #expect(record.finishedNs != nil)
        #expect(try store.markOrphanedRuns(host: "elsewhere", isAlive: { _ in false }).isEmpty, "marked once")

        try store.reopenRun(record)
        #expect(try store.run(.id(info.id)).status == .running)
        let progress = try store.progress(of: record, probe: .latency)
        #expect(progress[a]?.count == 40 && progress[a]?.lastSequence == 39)
        let resumed = try store.makeWriter(runRowID: try store.rowID(of: record))
        for sequence in 40..<60 { resumed.record(Self.sample(a, Int64(sequence))) }
        #expect(try resumed.finish() == 20)
        try store.finishRun(info.id, status: .complete, finishedNs: 5)
        #expect(try store.sampleCount(record) == 60)
        #expect(try store.runSummaries().first?.samples == 60)
    }

    /// The same provider probed at two endpoints (two agents) is one provider; each run keeps its endpoint.
    @Test(arguments: Backing.allCases)
    func oneProviderAcrossEndpointsWithTheEndpointKeptPerRun(backing: Backing) throws {
        let store = try backing.open()
        var rows: [Int64] = []
        var ids: [Int64] = []
        for port in [8001, 8002] {
            let row = try store.beginRun(SampleStoreTests.info())
            let id = try store.providerID(for: Provider(name: "akash", kind: .depin, region: "eu", endpoint: "http://127.0.0.1:\(port)/"))
            try store.recordEndpoint("http://127.0.0.1:\(port)/", runRowID: row, providerID: id)
            rows.append(row)
            ids.append(id)
        }
        #expect(ids[0] == ids[1])
        #expect(try store.endpoints(runRowID: rows[0]) == [ids[0]: "http://127.0.0.1:8001/"])
        #expect(try store.endpoints(runRowID: rows[1]) == [ids[0]: "http://127.0.0.1:8002/"])
        let other = try store.providerID(for: Provider(name: "akash", kind: .depin, region: "us", endpoint: "http://127.0.0.1:8001/"))
        #expect(other != ids[0], "another region is another provider")
    }

    /// A database written before migration 11, with one provider stored twice (two endpoints),
    /// comes out with one provider row, every row moved to it, and the endpoints per run.
    @Test func migrationElevenFoldsProvidersThatDifferOnlyByEndpoint() throws {
        let store = try Backing.file.open()
        let runs = try (0..<2).map { _ in try store.beginRun(SampleStoreTests.info()) }
        try store.db.execute("""
            DROP INDEX providers_identity; DROP TABLE run_providers; DELETE FROM schema_migrations WHERE version = 11;
            INSERT INTO providers(id, name, kind, region, jurisdiction, endpoint) VALUES
                (1, 'akash', 'depin', 'eu', '', 'http://x:1/'), (2, 'akash', 'depin', 'eu', '', 'http://x:2/');
            INSERT INTO samples(run_id, provider_id, probe, sequence, intended_ns, started_ns, total_us)
                VALUES (\(runs[0]), 1, 'latency', 0, 0, 0, 5), (\(runs[1]), 2, 'latency', 0, 0, 0, 7);
            INSERT INTO run_sample_counts VALUES (\(runs[0]), 1, 'latency', 1), (\(runs[1]), 2, 'latency', 1);
            """)
        let reopened = try SampleStore(path: store.path)
        #expect(try reopened.appliedMigrations().contains(11))
        let providers = try reopened.db.prepare("SELECT count(*) FROM providers")
        try providers.step()
        #expect(providers.int64(0) == 1)
        #expect(try reopened.endpoints(runRowID: runs[1]) == [1: "http://x:2/"])
        #expect(try reopened.runSummaries().map(\.samples) == [1, 1])
        let data = try reopened.load(try reopened.run(.id(try reopened.runs()[0].info.id)))
        #expect(data.series.map(\.provider.name) == ["akash"])
    }

    // MARK: - PostgreSQL only

    static var postgres: [Backing] { PostgresTestDatabase.enabled ? [.postgres] : [] }

    /// A batch sent twice (its commit was not confirmed) stores its rows once and counts them once.
    @Test(arguments: postgres)
    func aReplayedBatchStoresNothingTwice(backing: Backing) throws {
        let store = try backing.open()
        let row = try store.beginRun(SampleStoreTests.info())
        let a = try store.providerID(for: Provider(name: "a", kind: .depin, region: "eu", endpoint: "http://a/"))
        let connection = try PostgresConnection(url: store.path)
        let committer = try PostgresBatchCommitter(db: connection, runRowID: row)
        let batch = (0..<1000).map { Self.sample(a, Int64($0)) }
        try committer.commit(batch, intervals: [], records: [])
        try committer.commit(Array(batch[500...]) + (1000..<1200).map { Self.sample(a, Int64($0)) }, intervals: [], records: [])
        let run = try store.run(.last)
        #expect(try store.sampleCount(run) == 1200)
        #expect(try store.runSummaries().first?.samples == 1200)
        #expect(try store.load(run).series[0].samples.elementsEqual((0..<1200).map { Self.sample(a, Int64($0)) }))
    }

    /// The writer survives a dropped connection: the server ends the session mid-run, the batch
    /// is kept, the writer reconnects, and every sample is stored exactly once.
    @Test(arguments: postgres)
    func theWriterReconnectsAfterItsSessionIsKilled(backing: Backing) throws {
        _ = backing
        // A name of its own, so that only this test's sessions are ended.
        let name = "sonde-test-\(UUID().uuidString.prefix(8))"
        let store = try SampleStore(path: try PostgresTestDatabase.freshURL() + "&application_name=\(name)")
        let row = try store.beginRun(SampleStoreTests.info())
        let a = try store.providerID(for: Provider(name: "a", kind: .depin, region: "eu", endpoint: "http://a/"))
        let writer = try store.makeWriter(runRowID: row)
        for sequence in 0..<300 { writer.record(Self.sample(a, Int64(sequence))) }
        Thread.sleep(forTimeInterval: 0.6)
        // Ends the writer's session (every session of this test but the one asking).
        try store.db.execute("""
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid != pg_backend_pid() AND application_name = '\(name)'
            """)
        for sequence in 300..<600 { writer.record(Self.sample(a, Int64(sequence))) }
        #expect(try writer.finish() == 600)
        #expect(try store.sampleCount(try store.run(.last)) == 600)
    }

    /// `sonde merge postgresql://... a.db` twice: the second push adds nothing; a run pushed
    /// while running and again when complete is updated, not duplicated.
    @Test(arguments: postgres)
    func pushingTwiceAddsNothingAndUpdatesARunningRun(backing: Backing) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-push-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let merge = MergeTests()
        let berlin = try merge.vantageDatabase("berlin", count: 50, in: dir)
        let tokyo = try merge.vantageDatabase("tokyo", count: 70, in: dir)
        let local = try SampleStore(path: tokyo)
        let running = SampleStoreTests.info(label: "live")
        let runningRow = try local.beginRun(running)
        let akash = try local.providerID(for: Provider(name: "akash", kind: .depin, region: "r", endpoint: "http://tokyo:1/"))
        let writer = try local.makeWriter(runRowID: runningRow)
        for sequence in 0..<10 { writer.record(Self.sample(akash, Int64(sequence))) }
        try writer.finish()

        let server = try backing.open()
        #expect(try server.merge(from: berlin) == .init(runs: 1, samples: 100))
        #expect(try server.merge(from: tokyo) == .init(runs: 2, samples: 150))
        #expect(try server.merge(from: berlin) == .init(runs: 0, samples: 0))
        #expect(try server.run(.id(running.id)).status == .running)

        let more = try local.makeWriter(runRowID: runningRow)
        for sequence in 10..<25 { more.record(Self.sample(akash, Int64(sequence))) }
        try more.finish()
        try local.finishRun(running.id, status: .complete, finishedNs: 77)
        #expect(try server.merge(from: tokyo) == .init(runs: 0, samples: 15))
        let pushed = try server.run(.id(running.id))
        #expect(pushed.status == .complete && pushed.finishedNs == 77)
        #expect(try server.runs().count == 3)
        #expect(try server.runSummaries().map(\.samples).reduce(0, +) == 265)
        // One akash and one aws across both vantages.
        #expect(try server.load(pushed).series.map(\.provider.name) == ["akash"])
        let providers = try server.db.prepare("SELECT count(*) FROM providers")
        try providers.step()
        #expect(providers.int64(0) == 2)
    }

    /// Error kinds by cause. The passwords go inside test-only URLs handed to the connection
    /// directly (sonde itself refuses such URLs): changing PGPASSWORD would race other tests.
    @Test(arguments: postgres)
    func anUnreachableServerAWrongPasswordAndAPowerlessRoleAreTheirOwnErrors(backing: Backing) throws {
        _ = backing
        let url = try #require(PostgresTestDatabase.url)
        let port = try #require(URLComponents(string: url)?.port)
        let closed = url.replacingOccurrences(of: ":\(port)/", with: ":1/")
        do { _ = try SampleStore(path: closed); Issue.record("connected to port 1") } catch { #expect(error.kind == .unreachable) }

        let wrong = url.replacingOccurrences(of: "sonde@", with: "sonde:not-the-password@")
        do { _ = try PostgresConnection(url: wrong); Issue.record("a wrong password connected") } catch {
            #expect(error.kind == .refused)
            #expect(!error.description.contains("not-the-password"))
        }

        let nobody = try #require(PostgresTestDatabase.environment["SONDE_TEST_PG_NOBODY"])
        let password = try #require(PostgresTestDatabase.environment["SONDE_TEST_PG_NOBODY_PASSWORD"])
        let connection = try PostgresConnection(url: nobody.replacingOccurrences(of: "sonde_nobody@", with: "sonde_nobody:\(password)@"))
        do { try PostgresMigrations.migrate(connection); Issue.record("a role without privileges migrated") } catch {
            #expect(error.kind == .refused)
        }
    }
}

/// `--db` values: which are PostgreSQL, and which are refused before anything connects.
@Suite struct StoreLocationTests {
    @Test func filesStayFilesAndURLsArePostgres() throws {
        #expect(try StoreLocation.parse("sonde.db") == .sqlite(path: "sonde.db"))
        #expect(try StoreLocation.parse(":memory:") == .sqlite(path: ":memory:"))
        #expect(try StoreLocation.parse("postgresql://u@h:5432/d?sslmode=require") == .postgres(url: "postgresql://u@h:5432/d?sslmode=require"))
        #expect(try StoreLocation.parse("postgres://h/d") == .postgres(url: "postgres://h/d"))
        #expect(try StoreLocation.parse("postgresql://") == .postgres(url: "postgresql://"))
    }

    @Test(arguments: ["postgresql://u:hunter2@h/d", "postgresql://u@h/d?password=hunter2", "postgresql://u:hunter2@h:99999999/d"])
    func aPasswordIsRefusedAndNeverRepeated(url: String) {
        do {
            _ = try StoreLocation.parse(url)
            Issue.record("accepted \(url)")
        } catch {
            #expect(error.kind == .usage)
            #expect(!error.description.contains("hunter2"))
            #expect(error.description.contains("PGPASSWORD"))
        }
    }

    @Test(arguments: ["postgresql://u@h:abc/d", "postgresql://u@h:70000/d", "postgresql://u@h/d?sslmod=require", "postgresql://u@[h/d"])
    func malformedURLsAreUsageErrors(url: String) {
        #expect(throws: StoreError.self) { try StoreLocation.parse(url) }
        do { _ = try StoreLocation.parse(url) } catch { #expect(error.kind == .usage) }
    }

    @Test func globsBecomeAnchoredRegularExpressions() {
        #expect(SQLDialect.postgres.globPattern("nightly-[0-2]") == "^nightly-[0-2]$")
        #expect(SQLDialect.postgres.globPattern("a.b*c?") == "^a\\.b.*c.$")
        #expect(SQLDialect.sqlite.globPattern("a.b*") == "a.b*")
    }

    @Test func placeholdersAreNumberedOutsideQuotes() {
        #expect(PostgresConnection.numberedParameters("SELECT ? WHERE a = '?' AND b = ?") == "SELECT $1 WHERE a = '?' AND b = $2")
    }
}

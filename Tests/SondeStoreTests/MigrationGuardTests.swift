import Foundation
import Testing
import SondeCore
@testable import SondeStore

/// Mixed versions on one store (MigrationGuard, docs/postgres.md): "this sonde" is the store as
/// built; a newer sonde is the same migrations plus a test migration 99, additive or breaking.
/// Over an SQLite file and PostgreSQL (the in-memory database cannot be reopened by a second sonde).
@Suite struct MigrationGuardTests {
    typealias Backing = SampleStoreTests.Backing
    static var backings: [Backing] { Backing.allCases.filter { $0 != .memory } }

    static let nowNs = Int64(Date().timeIntervalSince1970 * 1e9)

    /// A newer sonde's migrations: today's and 99, on `host`.
    static func newer(breaking: Bool, host: String = "upgraded", allow: Bool = false) -> MigrationContext {
        var context = MigrationContext()
        context.migrations.append(.init(version: 99, name: "test extra", sql: "CREATE TABLE test_extra (x INTEGER)"))
        if breaking { context.breaking.insert(99) }
        context.host = host
        context.sondeVersion = "9.9.9"
        context.allowBreaking = allow
        return context
    }

    static func run(on host: String, startedNs: Int64) -> RunInfo {
        RunInfo(id: UUID().uuidString.lowercased(), startedNs: startedNs, label: "mixed", vantage: nil, host: host,
                sondeVersion: "0.1.0", configHash: "0", configText: "")
    }

    @Test(arguments: backings)
    func anOlderSondeKeepsWritingThroughANewerAdditiveSchema(backing: Backing) throws {
        let path = try backing.open().path
        _ = try SampleStore(path: path, create: false, migrations: Self.newer(breaking: false))
        let older = try SampleStore(path: path, create: false)
        #expect(try older.appliedMigrations().last == 99)
        let row = try older.beginRun(Self.run(on: "berlin", startedNs: Self.nowNs))
        let provider = try older.providerID(for: Provider(name: "a", kind: .depin, region: "eu", endpoint: "http://a/"))
        let writer = try older.makeWriter(runRowID: row)
        for sequence in 0..<10 { writer.record(PostgresStoreTests.sample(provider, Int64(sequence))) }
        #expect(try writer.finish() == 10)
        #expect(try older.runSummaries().first?.samples == 10)
    }

    @Test(arguments: backings)
    func anOlderSondeRefusesANewerBreakingSchemaNamingTheVersions(backing: Backing) throws {
        let path = try backing.open().path
        _ = try SampleStore(path: path, create: false, migrations: Self.newer(breaking: true))
        do {
            _ = try SampleStore(path: path, create: false)
            Issue.record("an older sonde opened a database with a breaking migration it does not know")
        } catch {
            #expect(error.kind == .usage)
            #expect(error.message.contains("migration 99 (test extra) is a breaking change"), "\(error.message)")
            #expect(error.message.contains("schema \(Migrations.all.last?.version ?? 0)"), "\(error.message)")
            #expect(error.message.contains("upgrade this agent"), "\(error.message)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test(arguments: backings)
    func aBreakingMigrationWaitsForOlderActiveAgentsUnlessOverridden(backing: Backing) throws {
        let store = try backing.open()
        let path = store.path
        // berlin ran an hour ago, tokyo two days ago (outside the 24 h window), "upgraded" is the
        // newer sonde's own host (its old row is its own: it is the one upgrading).
        try store.beginRun(Self.run(on: "berlin", startedNs: Self.nowNs - 3_600_000_000_000))
        try store.beginRun(Self.run(on: "tokyo", startedNs: Self.nowNs - 48 * 3_600_000_000_000))
        try store.beginRun(Self.run(on: "upgraded", startedNs: Self.nowNs))
        do {
            _ = try SampleStore(path: path, create: false, migrations: Self.newer(breaking: true))
            Issue.record("a breaking migration was applied while an older agent was active")
        } catch {
            #expect(error.kind == .usage)
            #expect(error.message.contains("migration 99 is a breaking change"), "\(error.message)")
            #expect(error.message.contains("berlin (sonde 0.1.0, schema \(Migrations.all.last?.version ?? 0), last run 1.0 h ago)"),
                    "\(error.message)")
            #expect(!error.message.contains("tokyo") && !error.message.contains("upgraded ("), "\(error.message)")
            #expect(error.message.contains("SONDE_ALLOW_BREAKING_MIGRATION=1"), "\(error.message)")
        }
        #expect(try SampleStore(path: path, create: false).appliedMigrations().last == Migrations.all.last?.version,
                "nothing applied")

        // The operator's override applies it; the older sonde is then refused; an upgraded agent registers its schema.
        let upgraded = try SampleStore(path: path, create: false, migrations: Self.newer(breaking: true, allow: true))
        #expect(try upgraded.appliedMigrations().last == 99)
        #expect(throws: StoreError.self) { try SampleStore(path: path, create: false) }
        try upgraded.beginRun(Self.run(on: "berlin", startedNs: Self.nowNs))
        #expect(try Migrations.agents(upgraded.db).first { $0.host == "berlin" }?.schemaVersion == 99)
    }
}

import Foundation
import SondeCore

/// A sonde database: runs, providers and raw samples (docs/schema.md). Opening applies pending
/// migrations. One instance per thread; the sample writer opens its own connection.
public final class SampleStore {
    /// The path given to `open`, `:memory:`, or the PostgreSQL URL (which holds no password).
    public let path: String
    /// The connection behind the store seam: SQLite or PostgreSQL, chosen by `path`.
    let db: any StoreConnection

    /// The newest schema this sonde knows, which `beginRun` registers for its host (`store_agents`).
    let knownSchema: Int

    /// Opens or creates the database at `path` (`:memory:` for a private in-memory one), or
    /// connects to the PostgreSQL server a `postgresql://` URL names (`StoreLocation`; `create`
    /// does not apply: the database must exist, its tables are created by the migrations).
    /// `allowBreakingMigrations` applies a breaking migration even while agents that understand
    /// only older schemas are active (`MigrationGuard`; the operator's override).
    public convenience init(path: String, create: Bool = true, allowBreakingMigrations: Bool = false) throws(StoreError) {
        var context = MigrationContext()
        context.allowBreaking = allowBreakingMigrations
        try self.init(path: path, create: create, migrations: context)
    }

    /// Opens the store under a given migration history (tests add migrations of their own).
    init(path: String, create: Bool, migrations context: MigrationContext) throws(StoreError) {
        self.path = path
        knownSchema = context.newest
        switch try StoreLocation.parse(path) {
        case .sqlite:
            let sqlite = try SQLiteConnection(path: path, create: create)
            try Migrations.migrate(sqlite, context: context)
            db = sqlite
        case let .postgres(url):
            let postgres = try PostgresConnection(url: url)
            try PostgresMigrations.migrate(postgres, context: context)
            db = postgres
        }
    }

    /// A store over a connection already open and migrated (the spooling writer pushes its spool
    /// through its own connection).
    init(connection: any StoreConnection, path: String) {
        self.path = path
        db = connection
        knownSchema = MigrationContext().newest
    }

    /// Which kind of database this store is.
    public var dialect: SQLDialect { db.dialect }

    /// The migration versions applied, in order.
    public func appliedMigrations() throws(StoreError) -> [Int] {
        let statement = try db.prepare("SELECT version FROM schema_migrations ORDER BY version")
        var versions: [Int] = []
        while try statement.step() { versions.append(Int(statement.int64(0) ?? 0)) }
        return versions
    }

    /// Records a new run with status `running`; returns its local row id.
    @discardableResult
    public func beginRun(_ info: RunInfo) throws(StoreError) -> Int64 {
        let statement = try db.prepare("""
            INSERT INTO runs(uuid, started_at_ns, status, label, vantage, host, sonde_version, config_hash, config_text,
                             pid, heartbeat_ns)
            VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """)
        statement.bind(1, info.id)
        statement.bind(2, info.startedNs)
        statement.bind(3, info.label)
        statement.bind(4, info.vantage)
        statement.bind(5, info.host)
        statement.bind(6, info.sondeVersion)
        statement.bind(7, info.configHash)
        statement.bind(8, info.configText)
        statement.bind(9, Int64(getpid()))
        statement.bind(10, info.startedNs)
        guard try statement.step(), let id = statement.int64(0) else {
            throw StoreError(kind: .badData, path: path, message: "run \(info.id) was not stored")
        }
        // SQLite commits an INSERT ... RETURNING when the statement completes: step to its end,
        // so that a commit that fails (a full disk) is an error here, not a run that never was.
        while try statement.step() {}
        try registerAgent(host: info.host ?? ProcessInfo.processInfo.hostName, sondeVersion: info.sondeVersion, nowNs: info.startedNs)
        return id
    }

    /// Records that an agent on `host` running `sondeVersion` (which knows the schema up to
    /// `knownSchema`) writes to this store, so that a breaking migration waits for it to be
    /// upgraded (`MigrationGuard`, migration 12). One row per host: the latest run's sonde.
    func registerAgent(host: String, sondeVersion: String, nowNs: Int64) throws(StoreError) {
        let statement = try db.prepare("""
            INSERT INTO store_agents(host, sonde_version, schema_version, seen_at_ns) VALUES (?, ?, ?, ?)
            ON CONFLICT (host) DO UPDATE SET sonde_version = excluded.sonde_version, schema_version = excluded.schema_version,
                seen_at_ns = excluded.seen_at_ns
            """)
        statement.bind(1, host)
        statement.bind(2, sondeVersion)
        statement.bind(3, Int64(knownSchema))
        statement.bind(4, nowNs)
        try statement.step()
    }

    /// Marks a run finished with `status`.
    public func finishRun(_ runID: String, status: RunStatus, finishedNs: Int64) throws(StoreError) {
        let statement = try db.prepare("UPDATE runs SET status = ?, finished_at_ns = ? WHERE uuid = ?")
        statement.bind(1, status.rawValue)
        statement.bind(2, finishedNs)
        statement.bind(3, runID)
        try statement.step()
    }

    /// The id of `provider`, adding it when new. Providers are shared by every run that names the
    /// same identity (name, kind, region, jurisdiction): the same provider probed by several
    /// agents, each at its own endpoint, is one provider (migration 11). The endpoint a run
    /// probed is kept per run (`recordEndpoint`); the provider row keeps the first one seen.
    public func providerID(for provider: Provider) throws(StoreError) -> Int64 {
        let insert = try db.prepare("""
            INSERT INTO providers(name, kind, region, jurisdiction, endpoint) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """)
        bindIdentity(insert, provider)
        insert.bind(5, provider.endpoint)
        try insert.step()
        let select = try db.prepare("SELECT id FROM providers WHERE name = ? AND kind = ? AND region = ? AND jurisdiction = ?")
        bindIdentity(select, provider)
        guard try select.step(), let id = select.int64(0) else {
            throw StoreError(kind: .badData, path: path, message: "provider \(provider.name) vanished after insert")
        }
        return id
    }

    private func bindIdentity(_ statement: any StoreStatement, _ provider: Provider) {
        statement.bind(1, provider.name)
        statement.bind(2, provider.kind.rawValue)
        statement.bind(3, provider.region)
        statement.bind(4, provider.jurisdiction)
    }

    /// Records the endpoint run `runRowID` probed `providerID` at (its configured URL, references
    /// unresolved); a later call for the same pair replaces it.
    public func recordEndpoint(_ endpoint: String, runRowID: Int64, providerID: Int64) throws(StoreError) {
        let statement = try db.prepare("""
            INSERT INTO run_providers(run_id, provider_id, endpoint) VALUES (?, ?, ?)
            ON CONFLICT (run_id, provider_id) DO UPDATE SET endpoint = excluded.endpoint
            """)
        statement.bind(1, runRowID)
        statement.bind(2, providerID)
        statement.bind(3, endpoint)
        try statement.step()
    }

    /// The endpoint each provider of run `runRowID` was probed at, by provider id.
    public func endpoints(runRowID: Int64) throws(StoreError) -> [Int64: String] {
        let statement = try db.prepare("SELECT provider_id, endpoint FROM run_providers WHERE run_id = ?")
        statement.bind(1, runRowID)
        var endpoints: [Int64: String] = [:]
        while try statement.step() { endpoints[statement.int64(0) ?? 0] = statement.string(1) ?? "" }
        return endpoints
    }

    /// A writer that batches samples of run `runRowID` into transactions on its own thread. On
    /// PostgreSQL, with a `spool` policy, a server away for longer than its reconnect window does
    /// not fail the run: batches go to a local spool file that is uploaded when the server is back
    /// (`SpoolPolicy`); without one the writer gives up after a minute, as SQLite's does.
    public func makeWriter(runRowID: Int64, spool: SpoolPolicy? = nil) throws(StoreError) -> SampleWriter {
        switch try StoreLocation.parse(path) {
        case .sqlite:
            return try SampleWriter(path: path, runRowID: runRowID, sharing: path == ":memory:" ? db as? SQLiteConnection : nil)
        case let .postgres(url):
            let connection = try PostgresConnection(url: url)
            if let spool {
                return SampleWriter(committer: try SpoolingBatchCommitter(connection: connection, runRowID: runRowID, policy: spool))
            }
            return SampleWriter(committer: try PostgresBatchCommitter(db: connection, runRowID: runRowID))
        }
    }
}

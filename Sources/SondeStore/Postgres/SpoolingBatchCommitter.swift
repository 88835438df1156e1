import Foundation
import SondeCore

/// A PostgreSQL writer that survives a server away for longer than a restart (`SpoolPolicy`).
/// Batches go to the server through `PostgresBatchCommitter`; while it is unreachable they are
/// kept in memory for the reconnect window (the writer replays them), then written to a local
/// SQLite spool: a whole sonde database holding this run's row, its providers (with the server's
/// ids, so samples go in unchanged) and its endpoints. Reconnection is tried with backoff on every
/// batch and heartbeat; once the server answers, the spool is pushed (`push(from:)`: runs by uuid,
/// samples by primary key with ON CONFLICT DO NOTHING) and removed only after the push committed.
/// Rows a lost commit may already have stored are skipped by their key: nothing is stored twice.
final class SpoolingBatchCommitter: BatchCommitter {
    private let primary: PostgresBatchCommitter
    private let connection: PostgresConnection
    private let runRowID: Int64
    private let policy: SpoolPolicy
    /// What the spool needs to stand on its own, read while the server was there.
    private let run: RunInfo
    private let providers: [(id: Int64, provider: Provider)]
    private let endpoints: [Int64: String]

    /// The open spool, while the server is away or a spool has not been uploaded yet.
    private var spool: (path: String, store: SampleStore, committer: SQLiteBatchCommitter)?
    private var failingSince: ContinuousClock.Instant?
    private var nextAttempt = ContinuousClock.now
    private var backoff: Duration

    init(connection: PostgresConnection, runRowID: Int64, policy: SpoolPolicy) throws(StoreError) {
        self.connection = connection
        self.runRowID = runRowID
        self.policy = policy
        backoff = policy.firstBackoff
        primary = try PostgresBatchCommitter(db: connection, runRowID: runRowID)
        let reader = SampleStore(connection: connection, path: connection.path)
        let uuid = try connection.prepare("SELECT uuid FROM runs WHERE id = ?")
        uuid.bind(1, runRowID)
        guard try uuid.step(), let runID = uuid.string(0) else {
            throw StoreError(kind: .notFound, path: connection.path, message: "no run with row id \(runRowID)")
        }
        run = try reader.run(.id(runID)).info
        let rows = try connection.prepare("SELECT id, name, kind, region, jurisdiction, endpoint FROM providers ORDER BY id")
        var providers: [(id: Int64, provider: Provider)] = []
        while try rows.step() {
            providers.append((rows.int64(0) ?? 0,
                              Provider(name: rows.string(1) ?? "", kind: ProviderKind(rawValue: rows.string(2) ?? "") ?? .depin,
                                       region: rows.string(3) ?? "", jurisdiction: rows.string(4) ?? "",
                                       endpoint: rows.string(5) ?? "")))
        }
        self.providers = providers
        endpoints = try reader.endpoints(runRowID: runRowID)
    }

    /// Never give up on an unreachable server: past the window the batches go to the spool.
    var retryWindow: Duration { .seconds(1 << 40) }

    /// The spool file in use, if any.
    var spoolPath: String? { spool?.path }

    func commit(_ batch: [Sample], intervals: [LoadInterval], records: [LLMRequestRecord]) throws(StoreError) {
        if spool == nil {
            do {
                try primary.commit(batch, intervals: intervals, records: records)
                failingSince = nil
                return
            } catch where error.kind == .unreachable {
                let now = ContinuousClock.now
                let since = failingSince ?? now
                failingSince = since
                // Within the window the writer keeps the batch in memory and sends it again.
                guard now - since >= policy.reconnectWindow else { throw error }
                try openSpool(reason: error.message)
            }
        }
        guard let spool else { return }
        try spool.committer.commit(batch, intervals: intervals, records: records)
        upload(force: false)
    }

    func beat(nowNs: Int64) throws(StoreError) {
        guard let spool else { return try primary.beat(nowNs: nowNs) }
        try spool.committer.beat(nowNs: nowNs)
        // The heartbeat comes every second even when no samples do: a chance to reconnect.
        upload(force: false)
    }

    /// At the end of the run: one last upload attempt; a spool that stays is an error naming it
    /// and the command that uploads it.
    func close() throws(StoreError) {
        guard let spool else { return }
        if upload(force: true) { return }
        throw StoreError(kind: .unreachable, path: connection.path,
                         message: "the server is still unreachable at the end of the run; the run's samples are kept in \(spool.path): upload them with `sonde merge '\(connection.path)' \(spool.path)`",
                         transient: false)
    }

    /// Creates (or reopens, after an upload that failed or a resumed run) this run's spool.
    private func openSpool(reason: String) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(atPath: policy.directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(kind: .io, path: policy.directory, message: "cannot create the spool directory: \(error.localizedDescription)")
        }
        let path = SpoolPolicy.file(directory: policy.directory, runID: run.id)
        let store = try SampleStore(path: path, create: true)
        guard let sqlite = store.db as? SQLiteConnection else {
            throw StoreError(kind: .io, path: path, message: "the spool is not an SQLite database")
        }
        let spoolRunRowID = try sqlite.transaction { () throws(StoreError) -> Int64 in
            // The server's provider ids, so that queued samples go in unchanged; `push` maps them
            // back by identity.
            let insert = try sqlite.prepare("""
                INSERT OR IGNORE INTO providers(id, name, kind, region, jurisdiction, endpoint) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for (id, provider) in providers {
                insert.bind(1, id)
                insert.bind(2, provider.name)
                insert.bind(3, provider.kind.rawValue)
                insert.bind(4, provider.region)
                insert.bind(5, provider.jurisdiction)
                insert.bind(6, provider.endpoint)
                defer { insert.reset() }
                try insert.step()
            }
            let existing = try sqlite.prepare("SELECT id FROM runs WHERE uuid = ?")
            existing.bind(1, run.id)
            let rowID: Int64
            if try existing.step(), let found = existing.int64(0) { rowID = found } else { rowID = try store.beginRun(run) }
            for (provider, endpoint) in endpoints { try store.recordEndpoint(endpoint, runRowID: rowID, providerID: provider) }
            return rowID
        }
        spool = (path, store, try SQLiteBatchCommitter(db: sqlite, runRowID: spoolRunRowID))
        nextAttempt = ContinuousClock.now + backoff
        policy.onEvent(.spooling(path: path, reason: reason))
    }

    /// Pushes the spool when the server answers again (at most once per backoff step unless
    /// `force`d); returns whether no spool is left.
    @discardableResult
    private func upload(force: Bool) -> Bool {
        guard let path = spool?.path else { return true }
        let now = ContinuousClock.now
        guard force || now >= nextAttempt else { return false }
        do {
            if connection.isBroken { try connection.reconnect() }
            // A run that another command marked interrupted while this agent was silent (no
            // heartbeat for ten minutes) is running again: the push below then takes the spool's state.
            let reopen = try connection.prepare("UPDATE runs SET status = 'running', finished_at_ns = NULL WHERE id = ? AND status = 'interrupted'")
            reopen.bind(1, runRowID)
            try reopen.step()
            let spooled = try spooledSamples()
            _ = try SampleStore(connection: connection, path: connection.path).push(from: path)
            // The last reference to the spool's connection: closing it checkpoints the WAL before the files go.
            spool = nil
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            failingSince = nil
            backoff = policy.firstBackoff
            policy.onEvent(.uploaded(path: path, samples: spooled))
            return true
        } catch {
            backoff = min(backoff * 2, policy.maxBackoff)
            nextAttempt = now + backoff
            if error.kind != .unreachable { policy.onEvent(.uploadFailed(path: path, reason: error.message)) }
            return false
        }
    }

    /// How many samples the spool holds.
    private func spooledSamples() throws(StoreError) -> Int {
        guard let spool else { return 0 }
        let count = try spool.store.db.prepare("SELECT count(*) FROM samples")
        try count.step()
        return Int(count.int64(0) ?? 0)
    }
}

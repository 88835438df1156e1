import Foundation
import Synchronization
import SondeCore

/// Buffers samples from probe threads and commits them in batched transactions on its own thread,
/// at least every `flushInterval`, so that a crash loses at most the last uncommitted batch and
/// the probe's loop never waits for the disk. The LLM probe's per-request records and the load
/// probe's interval summaries queue here too and are committed in the same transaction as the
/// samples queued with them.
public final class SampleWriter: SampleSink, LoadIntervalSink, LLMRecordSink, @unchecked Sendable {
    // @unchecked: the committer is touched only by the flush thread, or by `finish()` after that
    // thread has ended; the buffer and state are behind the mutex.
    private struct State {
        var pending: [Sample] = []
        var pendingIntervals: [LoadInterval] = []
        var pendingRecords: [LLMRequestRecord] = []
        var written = 0
        var failure: StoreError?
        var closing = false
        var busySince: ContinuousClock.Instant?
        /// The committer's spool, copied here by the flush thread for other threads to read.
        var spoolPath: String?
    }

    /// Commits each batch in the store's dialect: prepared multi-row INSERTs on SQLite, COPY
    /// into a staging table on PostgreSQL.
    private let committer: any BatchCommitter
    /// Held around every use of the committer: its connection (libpq's above all) serves one
    /// thread at a time, and `write(_:)` (benchmarks) runs on the caller's thread.
    private let committing = NSLock()
    private var lastBeatNs: Int64 = 0
    private let state = Mutex(State())
    private let done = DispatchSemaphore(value: 0)
    private let flushInterval: Duration

    init(committer: any BatchCommitter, flushInterval: Duration = .milliseconds(250)) {
        self.committer = committer
        self.flushInterval = flushInterval
        let thread = Thread { [self] in flushLoop() }
        thread.name = "sonde-sample-writer"
        thread.start()
    }

    convenience init(path: String, runRowID: Int64, sharing: SQLiteConnection?, flushInterval: Duration = .milliseconds(250)) throws(StoreError) {
        let db: SQLiteConnection
        if let sharing { db = sharing } else { db = try SQLiteConnection(path: path, create: false) }
        self.init(committer: try SQLiteBatchCommitter(db: db, runRowID: runRowID), flushInterval: flushInterval)
    }

    /// Queues a sample; cheap enough for a probe's loop.
    public func record(_ sample: Sample) {
        state.withLock { $0.pending.append(sample) }
    }

    /// Queues a load interval summary.
    public func record(_ interval: LoadInterval) {
        state.withLock { $0.pendingIntervals.append(interval) }
    }

    /// Queues an LLM request's record (committed with the batch it is queued with).
    public func record(_ request: LLMRequestRecord) {
        state.withLock { $0.pendingRecords.append(request) }
    }

    /// The first write failure, if any; a run should stop when this is set.
    public var failure: StoreError? { state.withLock { $0.failure } }

    /// Samples committed so far.
    public var written: Int { state.withLock { $0.written } }

    /// The local spool file batches are going to while the PostgreSQL server is away, if any
    /// (`SpoolPolicy`); after a `finish()` that threw, the file that holds the run's samples.
    public var spoolPath: String? { state.withLock { $0.spoolPath } }

    /// Commits everything still queued and stops the writer thread. Returns the total written.
    @discardableResult
    public func finish() throws(StoreError) -> Int {
        state.withLock { $0.closing = true }
        done.wait()
        // A batch kept for another try (a busy write lock, a restarting server) is tried again
        // until it commits, spools, or its retry window ends in a failure: the end of a run never
        // drops it.
        while true {
            flush()
            let (left, failed) = state.withLock { s in
                (!s.pending.isEmpty || !s.pendingIntervals.isEmpty || !s.pendingRecords.isEmpty, s.failure != nil)
            }
            if !left || failed { break }
            Thread.sleep(forTimeInterval: min(0.1, flushInterval.seconds))
        }
        if let failure = state.withLock({ $0.failure }) { throw failure }
        // A spool still held at the end stays on disk; the committer's error names it.
        defer { state.withLock { $0.spoolPath = committer.spoolPath } }
        try committer.close()
        return state.withLock { $0.written }
    }

    private func flushLoop() {
        var behind = false
        while !state.withLock({ $0.closing }) {
            // After a large batch the probes are outrunning the interval: commit again at once
            // rather than sleep, so the buffer (and memory) cannot grow without bound.
            if !behind { Thread.sleep(forTimeInterval: flushInterval.seconds) }
            behind = flush() >= Self.backlogBatch
        }
        done.signal()
    }

    /// A batch this large means the writer is behind.
    static let backlogBatch = 20_000

    /// Commits what is queued; returns how many samples that was.
    @discardableResult
    private func flush() -> Int {
        let (batch, intervals, records) = state.withLock { s -> ([Sample], [LoadInterval], [LLMRequestRecord]) in
            guard s.failure == nil else { return ([], [], []) }
            defer {
                s.pending.removeAll(keepingCapacity: true)
                s.pendingIntervals.removeAll()
                s.pendingRecords.removeAll()
            }
            return (s.pending, s.pendingIntervals, s.pendingRecords)
        }
        committing.lock()
        defer { committing.unlock() }
        defer {
            let spool = committer.spoolPath
            state.withLock { $0.spoolPath = spool }
        }
        do {
            if !batch.isEmpty || !intervals.isEmpty || !records.isEmpty {
                // One transaction: a request's samples row and its LLM record commit together.
                try committer.commit(batch, intervals: intervals, records: records)
            }
            state.withLock {
                $0.written += batch.count
                $0.busySince = nil
            }
        } catch {
            // Another process holding the write lock past the busy timeout, or a server restarting,
            // is not a failure yet: keep the batch and try again at the next flush, for the
            // committer's retry window (a minute; a spooling committer never gives up).
            let now = ContinuousClock.now
            let window = committer.retryWindow
            state.withLock { s in
                if error.transient && now - (s.busySince ?? now) < window {
                    s.busySince = s.busySince ?? now
                    s.pending.insert(contentsOf: batch, at: 0)
                    s.pendingIntervals.insert(contentsOf: intervals, at: 0)
                    s.pendingRecords.insert(contentsOf: records, at: 0)
                } else {
                    s.failure = s.failure ?? error
                }
            }
            return 0
        }
        // Apart from the batch: a heartbeat that fails after the batch committed must not queue
        // the batch again (it would be counted twice). A transient miss is retried next second.
        do {
            try beat()
        } catch where !error.transient {
            state.withLock { $0.failure = $0.failure ?? error }
        } catch {}
        return batch.count
    }

    /// Records that this run's process is alive, at most once a second, so that a later command
    /// can tell a run whose process died (`kill -9`, power loss) from one still going.
    private func beat() throws(StoreError) {
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        guard now - lastBeatNs >= 1_000_000_000 else { return }
        try committer.beat(nowNs: now)
        lastBeatNs = now
    }

    /// Samples per multi-row INSERT on SQLite (`SQLiteBatchCommitter`).
    static var rowsPerInsert: Int { SQLiteBatchCommitter.rowsPerInsert }

    static func insertSQL(rows: Int) -> String { SQLiteBatchCommitter.insertSQL(rows: rows) }

    static var addCountSQL: String { SQLiteBatchCommitter.addCountSQL }

    /// Inserts `batch` in one transaction, on the caller's thread.
    func write(_ batch: [Sample]) throws(StoreError) {
        committing.lock()
        defer { committing.unlock() }
        try committer.commit(batch, intervals: [], records: [])
    }
}

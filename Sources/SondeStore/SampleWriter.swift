import CSQLite
import Foundation
import Synchronization
import SondeCore

/// Buffers samples from probe threads and commits them in batched transactions on its own thread,
/// at least every `flushInterval`, so that a crash loses at most the last uncommitted batch and
/// the probe's loop never waits for the disk. The LLM probe's per-request records and the load
/// probe's interval summaries queue here too and are committed in the same transaction as the
/// samples queued with them.
public final class SampleWriter: SampleSink, LoadIntervalSink, LLMRecordSink, @unchecked Sendable {
    // @unchecked: `db` and `insert` are touched only by the flush thread, or by `finish()` after
    // that thread has ended; the buffer and state are behind the mutex.
    private struct State {
        var pending: [Sample] = []
        var pendingIntervals: [LoadInterval] = []
        var pendingRecords: [LLMRequestRecord] = []
        var written = 0
        var failure: StoreError?
        var closing = false
        var busySince: ContinuousClock.Instant?
    }

    private let db: SQLiteConnection
    private let insert: SQLiteStatement
    /// Inserts `rowsPerInsert` samples per step.
    private let insertMany: SQLiteStatement
    private let insertInterval: SQLiteStatement
    private let llmRecords: LLMRecordWriter
    /// Adds a batch's rows to the run's per-provider, per-probe counts (migration 7).
    private let addCount: SQLiteStatement
    private let runRowID: Int64
    private let heartbeat: SQLiteStatement
    private var lastBeatNs: Int64 = 0
    private let state = Mutex(State())
    private let done = DispatchSemaphore(value: 0)
    private let flushInterval: Duration

    init(path: String, runRowID: Int64, sharing: SQLiteConnection?, flushInterval: Duration = .milliseconds(250)) throws(StoreError) {
        if let sharing {
            db = sharing
        } else {
            db = try SQLiteConnection(path: path, create: false)
        }
        heartbeat = try db.prepare("UPDATE runs SET heartbeat_ns = ? WHERE id = ?")
        insert = try db.prepare(Self.insertSQL(rows: 1))
        insertMany = try db.prepare(Self.insertSQL(rows: Self.rowsPerInsert))
        insertInterval = try db.prepare("""
            INSERT INTO load_histograms(run_id, provider_id, interval_start_ns, interval_ns, due, sent, late, ok, errors,
                                        uncorrected_hdr, corrected_hdr)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        llmRecords = try LLMRecordWriter(db: db, runRowID: runRowID)
        addCount = try db.prepare(Self.addCountSQL)
        self.runRowID = runRowID
        self.flushInterval = flushInterval
        let thread = Thread { [self] in flushLoop() }
        thread.name = "sonde-sample-writer"
        thread.start()
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

    /// Commits everything still queued and stops the writer thread. Returns the total written.
    @discardableResult
    public func finish() throws(StoreError) -> Int {
        state.withLock { $0.closing = true }
        done.wait()
        flush()
        return try state.withLock { (s: inout State) throws(StoreError) -> Int in
            if let failure = s.failure { throw failure }
            return s.written
        }
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
        do {
            if !batch.isEmpty || !intervals.isEmpty || !records.isEmpty {
                // One transaction: a request's samples row and its LLM record commit together.
                try db.transaction { () throws(StoreError) in
                    try insertRows(batch)
                    try insertRows(intervals)
                    try llmRecords.insert(records)
                }
            }
            state.withLock {
                $0.written += batch.count
                $0.busySince = nil
            }
            try beat()
            return batch.count
        } catch {
            // Another process holding the write lock past the busy timeout is not a failure yet:
            // keep the batch and try again at the next flush, for up to a minute.
            let now = ContinuousClock.now
            state.withLock { s in
                if error.transient && now - (s.busySince ?? now) < .seconds(60) {
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
    }

    /// Records that this run's process is alive, at most once a second, so that a later command
    /// can tell a run whose process died (`kill -9`, power loss) from one still going.
    private func beat() throws(StoreError) {
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        guard now - lastBeatNs >= 1_000_000_000 else { return }
        heartbeat.bind(1, now)
        heartbeat.bind(2, runRowID)
        defer { heartbeat.reset() }
        try heartbeat.step()
        lastBeatNs = now
    }

    /// Samples per multi-row INSERT. Each statement execution opens and closes its cursors and
    /// checks the foreign keys' parents once, whatever its row count: a load run storing every
    /// request spends less of the writer thread per row with rows grouped (measured in
    /// reports/performance.md, "Load and bandwidth vs peers").
    static let rowsPerInsert = 32
    private static let columnsPerRow: Int32 = 16

    static func insertSQL(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: Int(columnsPerRow)).joined(separator: ", ") + ")"
        return """
            INSERT INTO samples(run_id, provider_id, probe, sequence, intended_ns, started_ns,
                                dns_us, connect_us, tls_us, ttfb_us, total_us, bytes, http_status, error_class,
                                corrected_us, upload_bytes)
            VALUES \(Array(repeating: row, count: rows).joined(separator: ", "))
            """
    }

    /// Inserts `batch` in one transaction: groups of `rowsPerInsert` through the multi-row
    /// statement, the rest one by one.
    func write(_ batch: [Sample]) throws(StoreError) {
        try db.transaction { () throws(StoreError) in try insertRows(batch) }
    }

    /// Inserts `batch` inside the caller's transaction.
    private func insertRows(_ batch: [Sample]) throws(StoreError) {
        var next = batch.startIndex
        while batch.endIndex - next >= Self.rowsPerInsert {
            for row in 0..<Self.rowsPerInsert {
                bind(batch[next + row], to: insertMany, at: Int32(row) * Self.columnsPerRow)
            }
            defer { Self.rearm(insertMany) }
            try insertMany.step()
            next += Self.rowsPerInsert
        }
        for sample in batch[next...] {
            bind(sample, to: insert, at: 0)
            defer { Self.rearm(insert) }
            try insert.step()
        }
        try addCounts(of: batch)
    }

    static let addCountSQL = """
        INSERT INTO run_sample_counts(run_id, provider_id, probe, samples) VALUES (?, ?, ?, ?)
        ON CONFLICT(run_id, provider_id, probe) DO UPDATE SET samples = samples + excluded.samples
        """

    /// Adds `batch` to the stored counts, in the caller's transaction: one statement per provider
    /// and probe, however many rows, so `sonde runs` reads counts without counting rows.
    private func addCounts(of batch: [Sample]) throws(StoreError) {
        // A batch names a handful of providers and probes: a linear scan beats hashing each row.
        var counts: [(providerID: Int64, probe: ProbeKind, rows: Int64)] = []
        var last = -1
        for sample in batch {
            if last >= 0, counts[last].providerID == sample.providerID, counts[last].probe == sample.probe {
                counts[last].rows += 1
            } else if let index = counts.firstIndex(where: { $0.providerID == sample.providerID && $0.probe == sample.probe }) {
                counts[index].rows += 1
                last = index
            } else {
                counts.append((sample.providerID, sample.probe, 1))
                last = counts.count - 1
            }
        }
        for count in counts {
            addCount.bind(1, runRowID)
            addCount.bind(2, count.providerID)
            addCount.bind(3, count.probe)
            addCount.bind(4, count.rows)
            defer { addCount.reset() }
            try addCount.step()
        }
    }

    /// Readies an insert for its next rows without clearing its bindings: every parameter is bound
    /// again for every row, so `sqlite3_clear_bindings` (512 parameters a step for the 32-row
    /// statement, ~2% of the writer's instructions per row under callgrind) would be pure cost.
    @inline(__always)
    private static func rearm(_ statement: SQLiteStatement) {
        sqlite3_reset(statement.statement)
    }

    /// Binds one sample's 16 columns after the statement's first `offset` parameters.
    @inline(__always)
    private func bind(_ sample: Sample, to statement: SQLiteStatement, at offset: Int32) {
        statement.bind(offset + 1, runRowID)
        statement.bind(offset + 2, sample.providerID)
        statement.bind(offset + 3, sample.probe)
        statement.bind(offset + 4, sample.sequence)
        statement.bind(offset + 5, sample.intendedNs)
        statement.bind(offset + 6, sample.startedNs)
        statement.bind(offset + 7, sample.dnsUs)
        statement.bind(offset + 8, sample.connectUs)
        statement.bind(offset + 9, sample.tlsUs)
        statement.bind(offset + 10, sample.ttfbUs)
        statement.bind(offset + 11, sample.totalUs)
        statement.bind(offset + 12, sample.bytes)
        statement.bind(offset + 13, sample.httpStatus.map(Int64.init))
        statement.bind(offset + 14, sample.errorClass)
        statement.bind(offset + 15, sample.correctedUs)
        statement.bind(offset + 16, sample.uploadBytes)
    }

    /// Inserts load interval summaries inside the caller's transaction.
    private func insertRows(_ intervals: [LoadInterval]) throws(StoreError) {
        for interval in intervals {
            insertInterval.bind(1, runRowID)
            insertInterval.bind(2, interval.providerID)
            insertInterval.bind(3, interval.startNs)
            insertInterval.bind(4, interval.intervalNs)
            insertInterval.bind(5, Int64(interval.due))
            insertInterval.bind(6, Int64(interval.sent))
            insertInterval.bind(7, Int64(interval.late))
            insertInterval.bind(8, Int64(interval.ok))
            insertInterval.bind(9, interval.encodedErrors)
            insertInterval.bind(10, interval.uncorrected.encoded())
            insertInterval.bind(11, interval.corrected.encoded())
            defer { insertInterval.reset() }
            try insertInterval.step()
        }
    }
}

import Foundation
import Synchronization
import SondeCore

/// Buffers samples from probe threads and commits them in batched transactions on its own thread,
/// at least every `flushInterval`, so that a crash loses at most the last uncommitted batch and
/// the probe's loop never waits for the disk.
public final class SampleWriter: SampleSink, LoadIntervalSink, @unchecked Sendable {
    // @unchecked: `db` and `insert` are touched only by the flush thread, or by `finish()` after
    // that thread has ended; the buffer and state are behind the mutex.
    private struct State {
        var pending: [Sample] = []
        var pendingIntervals: [LoadInterval] = []
        var written = 0
        var failure: StoreError?
        var closing = false
        var busySince: ContinuousClock.Instant?
    }

    private let db: SQLiteConnection
    private let insert: SQLiteStatement
    private let insertInterval: SQLiteStatement
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
        insert = try db.prepare("""
            INSERT INTO samples(run_id, provider_id, probe, sequence, intended_ns, started_ns,
                                dns_us, connect_us, tls_us, ttfb_us, total_us, bytes, http_status, error_class,
                                corrected_us, upload_bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertInterval = try db.prepare("""
            INSERT INTO load_histograms(run_id, provider_id, interval_start_ns, interval_ns, due, sent, late, ok, errors,
                                        uncorrected_hdr, corrected_hdr)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
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
        let (batch, intervals) = state.withLock { s -> ([Sample], [LoadInterval]) in
            guard s.failure == nil else { return ([], []) }
            defer {
                s.pending.removeAll(keepingCapacity: true)
                s.pendingIntervals.removeAll()
            }
            return (s.pending, s.pendingIntervals)
        }
        do {
            if !batch.isEmpty { try write(batch) }
            try write(intervals)
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

    /// Inserts `batch` in one transaction with the prepared statement.
    func write(_ batch: [Sample]) throws(StoreError) {
        try db.transaction { () throws(StoreError) in
            for sample in batch {
                insert.bind(1, runRowID)
                insert.bind(2, sample.providerID)
                insert.bind(3, sample.probe.rawValue)
                insert.bind(4, sample.sequence)
                insert.bind(5, sample.intendedNs)
                insert.bind(6, sample.startedNs)
                insert.bind(7, sample.dnsUs)
                insert.bind(8, sample.connectUs)
                insert.bind(9, sample.tlsUs)
                insert.bind(10, sample.ttfbUs)
                insert.bind(11, sample.totalUs)
                insert.bind(12, sample.bytes)
                insert.bind(13, sample.httpStatus.map(Int64.init))
                insert.bind(14, sample.errorClass?.rawValue)
                insert.bind(15, sample.correctedUs)
                insert.bind(16, sample.uploadBytes)
                defer { insert.reset() }
                try insert.step()
            }
        }
    }

    /// Inserts load interval summaries in one transaction.
    func write(_ intervals: [LoadInterval]) throws(StoreError) {
        guard !intervals.isEmpty else { return }
        try db.transaction { () throws(StoreError) in
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
}

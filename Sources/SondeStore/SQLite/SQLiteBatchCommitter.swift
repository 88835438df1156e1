import CSQLite
import SondeCore

/// What `SampleWriter`'s thread commits each batch through: one implementation per dialect.
protocol BatchCommitter: AnyObject {
    /// Commits samples, load intervals and LLM records in one transaction.
    func commit(_ batch: [Sample], intervals: [LoadInterval], records: [LLMRequestRecord]) throws(StoreError)
    /// Records that the run's process is alive.
    func beat(nowNs: Int64) throws(StoreError)
    /// How long the writer keeps a batch whose commit failed transiently and sends it again.
    var retryWindow: Duration { get }
    /// Called once after the last batch; a committer holding rows elsewhere (a spool) says so here.
    func close() throws(StoreError)
    /// The local spool file rows are going to instead of the database, if any.
    var spoolPath: String? { get }
}

extension BatchCommitter {
    /// A minute: long enough for a server restart or another process's long write lock.
    var retryWindow: Duration { .seconds(60) }
    func close() throws(StoreError) {}
    var spoolPath: String? { nil }
}

/// The SQLite writer's statements: prepared multi-row INSERTs with direct binds, the measured
/// fastest way into SQLite (docs/adr/0001-sqlite-c-api.md).
final class SQLiteBatchCommitter: BatchCommitter {
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

    init(db: SQLiteConnection, runRowID: Int64) throws(StoreError) {
        self.db = db
        heartbeat = try db.statement("UPDATE runs SET heartbeat_ns = ? WHERE id = ?")
        insert = try db.statement(Self.insertSQL(rows: 1))
        insertMany = try db.statement(Self.insertSQL(rows: Self.rowsPerInsert))
        insertInterval = try db.statement(Self.insertIntervalSQL)
        llmRecords = try LLMRecordWriter(db: db, runRowID: runRowID)
        addCount = try db.statement(Self.addCountSQL)
        self.runRowID = runRowID
    }

    func commit(_ batch: [Sample], intervals: [LoadInterval], records: [LLMRequestRecord]) throws(StoreError) {
        try db.transaction { () throws(StoreError) in
            try insertRows(batch)
            try insertRows(intervals)
            try llmRecords.insert(records)
        }
    }

    func beat(nowNs: Int64) throws(StoreError) {
        heartbeat.bind(1, nowNs)
        heartbeat.bind(2, runRowID)
        defer { heartbeat.reset() }
        try heartbeat.step()
    }

    static let insertIntervalSQL = """
        INSERT INTO load_histograms(run_id, provider_id, interval_start_ns, interval_ns, due, sent, late, ok, errors,
                                    uncorrected_hdr, corrected_hdr)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

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

    /// Inserts `batch` inside the caller's transaction: groups of `rowsPerInsert` through the
    /// multi-row statement, the rest one by one.
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

    /// Readies an insert for its next rows without clearing its bindings: every parameter is bound
    /// again for every row, so `sqlite3_clear_bindings` (512 parameters a step for the 32-row
    /// statement, ~2% of the writer's instructions per row under callgrind) would be pure cost.
    @inline(__always)
    private static func rearm(_ statement: SQLiteStatement) {
        sqlite3_reset(statement.statement)
    }

    static let addCountSQL = """
        INSERT INTO run_sample_counts(run_id, provider_id, probe, samples) VALUES (?, ?, ?, ?)
        ON CONFLICT(run_id, provider_id, probe) DO UPDATE SET samples = run_sample_counts.samples + excluded.samples
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
            insertInterval.bind(interval, runRowID: runRowID)
            defer { insertInterval.reset() }
            try insertInterval.step()
        }
    }
}

extension StoreStatement {
    /// Binds one load interval's eleven `load_histograms` columns, in the order both dialects'
    /// writers insert them.
    func bind(_ interval: LoadInterval, runRowID: Int64) {
        bind(1, runRowID)
        bind(2, interval.providerID)
        bind(3, interval.startNs)
        bind(4, interval.intervalNs)
        bind(5, Int64(interval.due))
        bind(6, Int64(interval.sent))
        bind(7, Int64(interval.late))
        bind(8, Int64(interval.ok))
        bind(9, interval.encodedErrors)
        bind(10, interval.uncorrected.encoded())
        bind(11, interval.corrected.encoded())
    }
}

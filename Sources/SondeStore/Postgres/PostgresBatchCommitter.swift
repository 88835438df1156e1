import CLibPQ
import SondeCore

/// The PostgreSQL writer: each batch is COPYed into a temporary staging table, then moved into
/// `samples` with `INSERT ... ON CONFLICT DO NOTHING` on the primary key, all in one
/// transaction. A batch whose commit could not be confirmed (the connection dropped) is sent
/// again after reconnecting; the rows that did land are skipped, so a replay stores nothing
/// twice, and the run's counts grow only by the rows actually inserted.
final class PostgresBatchCommitter: BatchCommitter {
    private let db: PostgresConnection
    private let runRowID: Int64
    private var prepared: Statements?
    /// The connection's session the statements (and the staging table) belong to.
    private var preparedSession = -1

    /// Statements bound to one session; made again after a reconnect.
    private struct Statements {
        let insertInterval: any StoreStatement
        let llmRecords: LLMRecordWriter
        let heartbeat: any StoreStatement
        let moveStaged: any StoreStatement
    }

    static let columns = """
        run_id, provider_id, probe, sequence, intended_ns, started_ns, dns_us, connect_us, tls_us, ttfb_us, total_us, bytes,
        http_status, error_class, corrected_us, upload_bytes
        """

    init(db: PostgresConnection, runRowID: Int64) throws(StoreError) {
        self.db = db
        self.runRowID = runRowID
        prepared = try makeStatements()
        preparedSession = db.session
    }

    private func makeStatements() throws(StoreError) -> Statements {
        // Per session: a reconnect starts without it. ON COMMIT DELETE ROWS empties it for the next batch.
        try db.execute("CREATE TEMP TABLE IF NOT EXISTS sample_stage (LIKE samples INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
        let move = try db.prepare("""
            WITH inserted AS (
                INSERT INTO samples(\(Self.columns)) SELECT \(Self.columns) FROM sample_stage
                ON CONFLICT DO NOTHING RETURNING provider_id, probe)
            INSERT INTO run_sample_counts(run_id, provider_id, probe, samples)
            SELECT ?::bigint, provider_id, probe, count(*) FROM inserted GROUP BY provider_id, probe
            ON CONFLICT (run_id, provider_id, probe) DO UPDATE SET samples = run_sample_counts.samples + excluded.samples
            """)
        return Statements(insertInterval: try db.prepare(SQLiteBatchCommitter.insertIntervalSQL + db.dialect.onReplay),
                          llmRecords: try LLMRecordWriter(db: db, runRowID: runRowID),
                          heartbeat: try db.prepare("UPDATE runs SET heartbeat_ns = ? WHERE id = ?"),
                          moveStaged: move)
    }

    /// The session's statements, reconnecting first when the server went away.
    private func statements() throws(StoreError) -> Statements {
        if db.isBroken { try db.reconnect() }
        // Another statement on this connection may have reconnected it (a heartbeat outside a
        // transaction): the staging table went with the old session.
        if let prepared, preparedSession == db.session { return prepared }
        let made = try makeStatements()
        prepared = made
        preparedSession = db.session
        return made
    }

    func commit(_ batch: [Sample], intervals: [LoadInterval], records: [LLMRequestRecord]) throws(StoreError) {
        let statements = try statements()
        do {
            try db.transaction { () throws(StoreError) in
                if !batch.isEmpty {
                    try copy(batch)
                    statements.moveStaged.bind(1, runRowID)
                    defer { statements.moveStaged.reset() }
                    try statements.moveStaged.step()
                }
                for interval in intervals {
                    let insert = statements.insertInterval
                    insert.bind(interval, runRowID: runRowID)
                    defer { insert.reset() }
                    try insert.step()
                }
                try statements.llmRecords.insert(records)
            }
        } catch {
            if db.isBroken { prepared = nil }
            throw error
        }
    }

    func beat(nowNs: Int64) throws(StoreError) {
        let heartbeat = try statements().heartbeat
        heartbeat.bind(1, nowNs)
        heartbeat.bind(2, runRowID)
        defer { heartbeat.reset() }
        try heartbeat.step()
    }

    /// Streams `batch` into the staging table in COPY's text format (tab-separated, `\N` for NULL).
    private func copy(_ batch: [Sample]) throws(StoreError) {
        let sql = "COPY sample_stage(\(Self.columns)) FROM STDIN"
        let start = PQexec(db.handle, sql)
        defer { PQclear(start) }
        guard PQresultStatus(start) == PGRES_COPY_IN else { throw db.error(start, sql: sql) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64 * 1024 + 256)
        var failed = false
        for sample in batch {
            Self.append(sample, runRowID: runRowID, to: &buffer)
            if buffer.count >= 64 * 1024 {
                failed = failed || !send(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { failed = failed || !send(buffer) }
        let ended = PQputCopyEnd(db.handle, failed ? "sonde: copy aborted" : nil) == 1
        var firstError: StoreError?
        // Read results to the end (NULL). While the end of the COPY has not been queued (a
        // PQputCopyEnd that failed before queuing it), libpq answers PGRES_COPY_IN again on every
        // call: looping on that would spin forever. Ask for the end again, then give up on the
        // connection. (A server stopped mid-COPY answers a fatal error instead, which ends the
        // loop: libpq 15 against a terminated backend, and PostgresAgentsTests' restart.)
        var copyStates = 0
        while let result = PQgetResult(db.handle) {
            let status = PQresultStatus(result)
            if status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH {
                PQclear(result)
                copyStates += 1
                if copyStates >= 3 || PQputCopyEnd(db.handle, "sonde: copy aborted") != 1 {
                    db.abandon()
                    throw StoreError(kind: .unreachable, path: db.path,
                                     message: "the connection failed during COPY: \(PostgresConnection.firstLine(String(cString: PQerrorMessage(db.handle))))",
                                     sql: sql, transient: true)
                }
                continue
            }
            if status != PGRES_COMMAND_OK, firstError == nil { firstError = db.error(result, sql: sql) }
            PQclear(result)
        }
        if let firstError { throw firstError }
        if failed || !ended {
            // Data or its end could not be sent: the socket failed; reconnect before the next try.
            db.abandon()
            throw StoreError(kind: .unreachable, path: db.path,
                             message: "the connection failed during COPY: \(PostgresConnection.firstLine(String(cString: PQerrorMessage(db.handle))))",
                             sql: sql, transient: true)
        }
    }

    private func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(db.handle, $0.baseAddress, Int32($0.count)) == 1 }
        }
    }

    /// One row of COPY text.
    static func append(_ sample: Sample, runRowID: Int64, to buffer: inout [UInt8]) {
        append(runRowID, to: &buffer); buffer.append(9)
        append(sample.providerID, to: &buffer); buffer.append(9)
        buffer.append(contentsOf: sample.probe.rawValue.utf8); buffer.append(9)
        append(sample.sequence, to: &buffer); buffer.append(9)
        append(sample.intendedNs, to: &buffer); buffer.append(9)
        append(sample.startedNs, to: &buffer); buffer.append(9)
        append(sample.dnsUs, to: &buffer); buffer.append(9)
        append(sample.connectUs, to: &buffer); buffer.append(9)
        append(sample.tlsUs, to: &buffer); buffer.append(9)
        append(sample.ttfbUs, to: &buffer); buffer.append(9)
        append(sample.totalUs, to: &buffer); buffer.append(9)
        append(sample.bytes, to: &buffer); buffer.append(9)
        append(sample.httpStatus.map(Int64.init), to: &buffer); buffer.append(9)
        if let error = sample.errorClass { buffer.append(contentsOf: error.rawValue.utf8) } else { buffer.append(contentsOf: [92, 78]) }
        buffer.append(9)
        append(sample.correctedUs, to: &buffer); buffer.append(9)
        append(sample.uploadBytes, to: &buffer)
        buffer.append(10)
    }

    /// An integer's decimal digits, or `\N`.
    @inline(__always)
    static func append(_ value: Int64?, to buffer: inout [UInt8]) {
        guard let value else { buffer.append(contentsOf: [92, 78]); return }
        if value < 0 { buffer.append(45) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[count] = UInt8(48 + magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[index]) }
        }
    }
}

import Synchronization
import SondeCore

/// Collects the LLM probe's per-request records and writes them (`llm_requests`, and the kept
/// chunk offsets into `llm_chunks`) in one transaction when the probe is done. The records are
/// small (one per request) and their `samples` rows stream through `SampleWriter` as usual.
public final class LLMRecordWriter: LLMRecordSink, @unchecked Sendable {
    // @unchecked: `db` is used only by `finish()`, once the probe has stopped recording.
    private let pending = Mutex<[LLMRequestRecord]>([])
    private let db: SQLiteConnection
    private let runRowID: Int64

    init(db: SQLiteConnection, runRowID: Int64) {
        self.db = db
        self.runRowID = runRowID
    }

    /// Queues a record; cheap enough for a probe's loop.
    public func record(_ request: LLMRequestRecord) {
        pending.withLock { $0.append(request) }
    }

    /// Writes every queued record; returns how many.
    @discardableResult
    public func finish() throws(StoreError) -> Int {
        let records = pending.withLock { records in
            defer { records.removeAll() }
            return records
        }
        guard !records.isEmpty else { return 0 }
        let insert = try db.prepare("""
            INSERT INTO llm_requests(run_id, provider_id, sequence, ttft_us, tpot_us, output_tokens, tokens_source,
                                     prompt_tokens, itl_p50_us, itl_p99_us, itl_max_us, retry_after_s)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let chunk = try db.prepare("""
            INSERT INTO llm_chunks(run_id, provider_id, sequence, chunk, offset_us) VALUES (?, ?, ?, ?, ?)
            """)
        try db.transaction { () throws(StoreError) in
            for record in records {
                insert.bind(1, runRowID)
                insert.bind(2, record.providerID)
                insert.bind(3, record.sequence)
                insert.bind(4, record.ttftUs)
                insert.bind(5, record.tpotUs)
                insert.bind(6, Int64(record.outputTokens))
                insert.bind(7, record.tokensSource.rawValue)
                insert.bind(8, record.promptTokens.map(Int64.init))
                insert.bind(9, record.itlP50Us)
                insert.bind(10, record.itlP99Us)
                insert.bind(11, record.itlMaxUs)
                insert.bind(12, record.retryAfterS)
                defer { insert.reset() }
                try insert.step()
                for (index, offset) in record.chunkOffsetsUs.enumerated() {
                    chunk.bind(1, runRowID)
                    chunk.bind(2, record.providerID)
                    chunk.bind(3, record.sequence)
                    chunk.bind(4, Int64(index))
                    chunk.bind(5, offset)
                    defer { chunk.reset() }
                    try chunk.step()
                }
            }
        }
        return records.count
    }
}

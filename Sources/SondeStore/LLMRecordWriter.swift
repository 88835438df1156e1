import SondeCore

/// Inserts the LLM probe's per-request records (`llm_requests`, and the kept chunk offsets into
/// `llm_chunks`) inside the caller's transaction. `SampleWriter` owns one and writes the records
/// queued with each batch of samples in that batch's transaction, so a record is as crash-safe
/// as the samples row of its request (a `kill -9` loses at most the last uncommitted batch).
final class LLMRecordWriter {
    private let insert: any StoreStatement
    private let chunk: any StoreStatement
    private let runRowID: Int64

    init(db: any StoreConnection, runRowID: Int64) throws(StoreError) {
        insert = try db.prepare("""
            INSERT INTO llm_requests(run_id, provider_id, sequence, ttft_us, tpot_us, output_tokens, tokens_source,
                                     prompt_tokens, itl_p50_us, itl_p99_us, itl_max_us, retry_after_s)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """ + db.dialect.onReplay)
        chunk = try db.prepare("""
            INSERT INTO llm_chunks(run_id, provider_id, sequence, chunk, offset_us) VALUES (?, ?, ?, ?, ?)
            """ + db.dialect.onReplay)
        self.runRowID = runRowID
    }

    /// Inserts `records`; the caller holds the transaction.
    func insert(_ records: [LLMRequestRecord]) throws(StoreError) {
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
}

import SondeCore

extension SampleStore {
    /// The run's LLM requests per provider (in name order): `samples` rows of probe `llm` with
    /// their `llm_requests` records and kept chunk offsets.
    public func loadLLM(_ run: RunRecord) throws(StoreError) -> [LLMProviderData] {
        let data = try load(run, probe: .llm)
        guard !data.series.isEmpty else { return [] }
        let requests = try db.prepare("""
            SELECT q.provider_id, q.sequence, q.ttft_us, q.tpot_us, q.output_tokens, q.tokens_source, q.prompt_tokens,
                   q.itl_p50_us, q.itl_p99_us, q.itl_max_us, q.retry_after_s
            FROM llm_requests q JOIN runs r ON r.id = q.run_id WHERE r.uuid = ?
            ORDER BY q.provider_id, q.sequence
            """)
        requests.bind(1, run.info.id)
        var records: [Int64: [LLMRequestRecord]] = [:]
        var slots: [String: Int] = [:]
        while try requests.step() {
            let providerID = requests.int64(0) ?? 0
            let record = LLMRequestRecord(
                providerID: providerID, sequence: requests.int64(1) ?? 0, ttftUs: requests.int64(2),
                tpotUs: requests.int64(3), outputTokens: Int(requests.int64(4) ?? 0),
                tokensSource: TokenSource(rawValue: requests.string(5) ?? "") ?? .counted,
                promptTokens: requests.int64(6).map { Int($0) }, itlP50Us: requests.int64(7), itlP99Us: requests.int64(8),
                itlMaxUs: requests.int64(9), retryAfterS: requests.int64(10))
            slots["\(providerID)/\(record.sequence)"] = records[providerID, default: []].count
            records[providerID, default: []].append(record)
        }
        let chunks = try db.prepare("""
            SELECT c.provider_id, c.sequence, c.offset_us FROM llm_chunks c JOIN runs r ON r.id = c.run_id
            WHERE r.uuid = ? ORDER BY c.provider_id, c.sequence, c.chunk
            """)
        chunks.bind(1, run.info.id)
        while try chunks.step() {
            let providerID = chunks.int64(0) ?? 0
            guard let slot = slots["\(providerID)/\(chunks.int64(1) ?? 0)"] else { continue }
            records[providerID]![slot].chunkOffsetsUs.append(chunks.int64(2) ?? 0)
        }
        return data.series.map { series in
            let id = series.samples.first?.providerID ?? 0
            return LLMProviderData(provider: series.provider, samples: Array(series.samples), records: records[id] ?? [])
        }
    }
}

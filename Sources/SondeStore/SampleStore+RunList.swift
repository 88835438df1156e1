import SondeCore

extension SampleStore {
    /// The runs `filter` selects, newest first, with their sample counts. Runs come from the
    /// `runs_started` index (a time window is a range of it) and counts from
    /// `run_sample_counts`, one primary-key range per run: the cost follows the runs listed,
    /// not the samples stored.
    public func runSummaries(_ filter: RunFilter = RunFilter()) throws(StoreError) -> [RunSummary] {
        var conditions: [String] = []
        var texts: [String] = []
        var integers: [Int64] = []
        if let label = filter.label {
            conditions.append("label = ?")
            texts.append(label)
        }
        if let pattern = filter.labelPattern {
            conditions.append(db.dialect.glob("label"))
            texts.append(db.dialect.globPattern(pattern))
        }
        if !filter.vantages.isEmpty {
            conditions.append("vantage IN (" + Array(repeating: "?", count: filter.vantages.count).joined(separator: ", ") + ")")
            texts += filter.vantages
        }
        // Integer parameters follow every text parameter, in this order.
        if let from = filter.startedFromNs {
            conditions.append("started_at_ns >= ?")
            integers.append(from)
        }
        if let before = filter.startedBeforeNs {
            conditions.append("started_at_ns < ?")
            integers.append(before)
        }
        var sql = "SELECT id, uuid, label, vantage, host, status, started_at_ns, finished_at_ns FROM runs"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY started_at_ns DESC, id DESC"
        if let limit = filter.limit {
            sql += " LIMIT ?"
            integers.append(Int64(max(0, limit)))
        }
        let statement = try db.prepare(sql)
        for (index, text) in texts.enumerated() { statement.bind(Int32(index + 1), text) }
        for (index, value) in integers.enumerated() { statement.bind(Int32(texts.count + index + 1), value) }

        let counts = try db.prepare("""
            SELECT probe, sum(samples) FROM run_sample_counts
            WHERE run_id = ? AND samples > 0 GROUP BY probe ORDER BY probe
            """)
        let providers = try db.prepare("SELECT count(DISTINCT provider_id) FROM run_sample_counts WHERE run_id = ? AND samples > 0")
        var summaries: [RunSummary] = []
        while try statement.step() {
            let rowID = statement.int64(0) ?? 0
            counts.bind(1, rowID)
            var byProbe: [RunSummary.ProbeCount] = []
            while try counts.step() {
                byProbe.append(.init(probe: counts.string(0) ?? "", samples: Int(counts.int64(1) ?? 0)))
            }
            counts.reset()
            providers.bind(1, rowID)
            try providers.step()
            let providerCount = Int(providers.int64(0) ?? 0)
            providers.reset()
            summaries.append(RunSummary(
                id: statement.string(1) ?? "", label: statement.string(2), vantage: statement.string(3), host: statement.string(4),
                status: RunStatus(rawValue: statement.string(5) ?? "") ?? .failed, startedNs: statement.int64(6) ?? 0,
                finishedNs: statement.int64(7), providers: providerCount, samplesByProbe: byProbe))
        }
        return summaries
    }
}

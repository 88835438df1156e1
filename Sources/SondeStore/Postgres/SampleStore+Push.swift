import SondeCore

extension SampleStore {
    /// Uploads every run of the SQLite database at `path` into this PostgreSQL store (`sonde
    /// merge postgresql://... a.db b.db`): runs by uuid (a run already there that is still
    /// `running` takes the file's status, end and heartbeat: a run in progress is updated, never
    /// duplicated; one marked `interrupted` takes a `complete` from the file: an agent's spool
    /// uploaded after its run was given up for dead), providers by identity, samples through the writer's COPY path with
    /// `ON CONFLICT DO NOTHING` on the primary key, so pushing the same file twice adds nothing.
    /// Each batch is its own transaction: an interrupted push is completed by running it again.
    func push(from path: String) throws(StoreError) -> MergeCount {
        let source = try SampleStore(path: path, create: false)
        guard let target = db as? PostgresConnection else {
            throw StoreError(kind: .usage, path: self.path, message: "push needs a PostgreSQL store")
        }
        var added = MergeCount(runs: 0, samples: 0)
        let providerRows = try source.db.prepare("SELECT id, name, kind, region, jurisdiction, endpoint FROM providers")
        var providerMap: [Int64: Int64] = [:]
        while try providerRows.step() {
            let provider = Provider(name: providerRows.string(1) ?? "", kind: ProviderKind(rawValue: providerRows.string(2) ?? "") ?? .depin,
                                    region: providerRows.string(3) ?? "", jurisdiction: providerRows.string(4) ?? "",
                                    endpoint: providerRows.string(5) ?? "")
            providerMap[providerRows.int64(0) ?? 0] = try providerID(for: provider)
        }
        for run in try source.runs() {
            let (rowID, isNew) = try upsertRun(run, from: source)
            if isNew { added.runs += 1 }
            let before = try storedSampleCount(runRowID: rowID)
            let committer = try PostgresBatchCommitter(db: target, runRowID: rowID)
            let sourceRowID = try source.rowID(of: run)
            for (sourceProvider, endpoint) in try source.endpoints(runRowID: sourceRowID) {
                guard let provider = providerMap[sourceProvider] else { continue }
                try recordEndpoint(endpoint, runRowID: rowID, providerID: provider)
            }
            let samples = try source.db.prepare("""
                SELECT provider_id, probe, sequence, intended_ns, started_ns, dns_us, connect_us, tls_us, ttfb_us, total_us, bytes,
                       http_status, error_class, corrected_us, upload_bytes
                FROM samples WHERE run_id = ? ORDER BY provider_id, probe, sequence
                """)
            samples.bind(1, sourceRowID)
            var batch: [Sample] = []
            batch.reserveCapacity(Self.pushBatch)
            while try samples.step() {
                var sample = Sample(
                    providerID: providerMap[samples.int64(0) ?? 0] ?? 0, probe: ProbeKind(rawValue: samples.string(1) ?? "") ?? .latency,
                    sequence: samples.int64(2) ?? 0, intendedNs: samples.int64(3) ?? 0, startedNs: samples.int64(4) ?? 0,
                    dnsUs: samples.int64(5), connectUs: samples.int64(6), tlsUs: samples.int64(7), ttfbUs: samples.int64(8),
                    totalUs: samples.int64(9), bytes: samples.int64(10) ?? 0, httpStatus: samples.int64(11).map { Int($0) },
                    errorClass: samples.string(12).map { ErrorClass(rawValue: $0) ?? .other })
                sample.correctedUs = samples.int64(13)
                sample.uploadBytes = samples.int64(14)
                batch.append(sample)
                if batch.count == Self.pushBatch {
                    try committer.commit(batch, intervals: [], records: [])
                    batch.removeAll(keepingCapacity: true)
                }
            }
            let intervals = try source.loadIntervals(run).flatMap(\.intervals).map { interval in
                var interval = interval
                interval.providerID = providerMap[interval.providerID] ?? 0
                return interval
            }
            let records = try source.loadLLM(run).flatMap { $0.records.values.sorted { $0.sequence < $1.sequence } }.map { record in
                var record = record
                record.providerID = providerMap[record.providerID] ?? 0
                return record
            }
            try committer.commit(batch, intervals: intervals, records: records)
            try pushProvisions(of: sourceRowID, from: source, runRowID: rowID, providerMap: providerMap)
            try copyRows(from: source, sourceRowID: sourceRowID, to: rowID, providerMap: providerMap, tables: Self.summaryTables)
            try copyPrunedMark(from: source, sourceRowID: sourceRowID, to: rowID)
            added.samples += try storedSampleCount(runRowID: rowID) - before
        }
        return added
    }

    /// Samples per COPY when pushing a file.
    static let pushBatch = 50_000

    /// Inserts `run` (by uuid) or updates a copy still marked running; returns its row id here and
    /// whether it was new.
    private func upsertRun(_ run: RunRecord, from source: SampleStore) throws(StoreError) -> (Int64, Bool) {
        let liveness = try source.db.prepare("SELECT pid, heartbeat_ns FROM runs WHERE uuid = ?")
        liveness.bind(1, run.info.id)
        _ = try liveness.step()
        let insert = try db.prepare("""
            INSERT INTO runs(uuid, started_at_ns, finished_at_ns, status, label, vantage, host, sonde_version, config_hash,
                             config_text, pid, heartbeat_ns)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (uuid) DO UPDATE SET status = excluded.status, finished_at_ns = excluded.finished_at_ns,
                heartbeat_ns = excluded.heartbeat_ns
            WHERE runs.status = 'running' OR (runs.status = 'interrupted' AND excluded.status = 'complete')
            RETURNING id, xmax = 0
            """)
        insert.bindRunCopy(run, pid: liveness.int64(0), heartbeatNs: liveness.int64(1))
        // xmax = 0 only on a freshly inserted row; no row back means a finished copy was kept as is.
        if try insert.step() { return (insert.int64(0) ?? 0, insert.string(1) == "t") }
        return (try rowID(of: run), false)
    }

    private func storedSampleCount(runRowID: Int64) throws(StoreError) -> Int {
        let statement = try db.prepare("SELECT coalesce(sum(samples), 0) FROM run_sample_counts WHERE run_id = ?")
        statement.bind(1, runRowID)
        try statement.step()
        return Int(statement.int64(0) ?? 0)
    }

    private func pushProvisions(of sourceRowID: Int64, from source: SampleStore, runRowID: Int64,
                                providerMap: [Int64: Int64]) throws(StoreError) {
        let rows = try source.db.prepare("SELECT provider_id, attempt, adapter FROM provisions WHERE run_id = ? ORDER BY provider_id, attempt")
        rows.bind(1, sourceRowID)
        var adapters: [String: String] = [:]
        while try rows.step() { adapters["\(rows.int64(0) ?? 0)/\(rows.int64(1) ?? 0)"] = rows.string(2) ?? "" }
        guard !adapters.isEmpty else { return }
        let uuid = try source.db.prepare("SELECT uuid FROM runs WHERE id = ?")
        uuid.bind(1, sourceRowID)
        guard try uuid.step(), let runID = uuid.string(0) else { return }
        let names = try source.db.prepare("SELECT id, name FROM providers")
        var idByName: [String: Int64] = [:]
        while try names.step() { idByName[names.string(1) ?? ""] = names.int64(0) ?? 0 }
        for record in try source.provisions(runID: runID) {
            guard let sourceProvider = idByName[record.provider], let provider = providerMap[sourceProvider] else { continue }
            try saveProvision(record, runRowID: runRowID, providerID: provider,
                              adapter: adapters["\(sourceProvider)/\(record.attempt)"] ?? "")
        }
    }
}

import SondeCore

extension SampleStore {
    /// Copies the runs `filter` selects from `source` (any store: `sonde merge out.db
    /// postgresql://... --labels ... --since ...` pulls from PostgreSQL) into this one: runs by
    /// uuid (a copy still `running` here takes the source's status and end), providers by
    /// identity, every row keyed by (run, provider, ...) with `ON CONFLICT DO NOTHING`, and the
    /// run's counts recounted, one transaction per run. Pulling twice adds nothing.
    @discardableResult
    public func pull(from source: SampleStore, filter: RunFilter = RunFilter()) throws(StoreError) -> MergeCount {
        var added = MergeCount(runs: 0, samples: 0)
        let sourceProviders = try source.providerRows()
        for summary in try source.runSummaries(filter) {
            let run = try source.run(.id(summary.id))
            let sourceRowID = try source.rowID(of: run)
            try db.transaction { () throws(StoreError) in
                var providerMap: [Int64: Int64] = [:]
                for (id, provider) in sourceProviders { providerMap[id] = try providerID(for: provider) }
                let (rowID, isNew) = try copyRun(run, liveness: try source.liveness(sourceRowID))
                if isNew { added.runs += 1 }
                let before = try countRows("SELECT count(*) FROM samples WHERE run_id = ?", rowID)
                try copyRows(from: source, sourceRowID: sourceRowID, to: rowID, providerMap: providerMap)
                try copyPrunedMark(from: source, sourceRowID: sourceRowID, to: rowID)
                let after = try countRows("SELECT count(*) FROM samples WHERE run_id = ?", rowID)
                added.samples += after - before
                let clear = try db.prepare("DELETE FROM run_sample_counts WHERE run_id = ?")
                clear.bind(1, rowID)
                try clear.step()
                let recount = try db.prepare("""
                    INSERT INTO run_sample_counts(run_id, provider_id, probe, samples)
                    SELECT run_id, provider_id, probe, count(*) FROM samples WHERE run_id = ? GROUP BY run_id, provider_id, probe
                    """)
                recount.bind(1, rowID)
                try recount.step()
            }
        }
        return added
    }

    /// Every provider row, by id.
    func providerRows() throws(StoreError) -> [(Int64, Provider)] {
        let rows = try db.prepare("SELECT id, name, kind, region, jurisdiction, endpoint FROM providers ORDER BY id")
        var providers: [(Int64, Provider)] = []
        while try rows.step() {
            providers.append((rows.int64(0) ?? 0, Provider(name: rows.string(1) ?? "", kind: ProviderKind(rawValue: rows.string(2) ?? "") ?? .depin,
                                                          region: rows.string(3) ?? "", jurisdiction: rows.string(4) ?? "",
                                                          endpoint: rows.string(5) ?? "")))
        }
        return providers
    }

    /// A run's pid and heartbeat.
    func liveness(_ rowID: Int64) throws(StoreError) -> (pid: Int64?, heartbeatNs: Int64?) {
        let statement = try db.prepare("SELECT pid, heartbeat_ns FROM runs WHERE id = ?")
        statement.bind(1, rowID)
        guard try statement.step() else { return (nil, nil) }
        return (statement.int64(0), statement.int64(1))
    }

    /// Inserts `run`, or updates a copy here that is still running; returns its row id and whether it is new.
    private func copyRun(_ run: RunRecord, liveness: (pid: Int64?, heartbeatNs: Int64?)) throws(StoreError) -> (Int64, Bool) {
        let existing = try db.prepare("SELECT id, status FROM runs WHERE uuid = ?")
        existing.bind(1, run.info.id)
        if try existing.step(), let id = existing.int64(0) {
            if existing.string(1) == RunStatus.running.rawValue {
                let update = try db.prepare("UPDATE runs SET status = ?, finished_at_ns = ?, heartbeat_ns = ? WHERE id = ?")
                update.bind(1, run.status.rawValue)
                update.bind(2, run.finishedNs)
                update.bind(3, liveness.heartbeatNs)
                update.bind(4, id)
                try update.step()
            }
            return (id, false)
        }
        let insert = try db.prepare("""
            INSERT INTO runs(uuid, started_at_ns, finished_at_ns, status, label, vantage, host, sonde_version, config_hash,
                             config_text, pid, heartbeat_ns)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """)
        insert.bindRunCopy(run, pid: liveness.pid, heartbeatNs: liveness.heartbeatNs)
        guard try insert.step(), let id = insert.int64(0) else {
            throw StoreError(kind: .badData, path: path, message: "run \(run.info.id) was not stored")
        }
        while try insert.step() {}
        return (id, true)
    }

    private func countRows(_ sql: String, _ rowID: Int64) throws(StoreError) -> Int {
        let statement = try db.prepare(sql)
        statement.bind(1, rowID)
        try statement.step()
        return Int(statement.int64(0) ?? 0)
    }

    /// The tables keyed by (run, provider, ...), copied column for column; the provider column
    /// is the second, mapped through `providerMap`.
    private static let copiedTables: [(table: String, columns: [String])] = [
        ("samples", ["run_id", "provider_id", "probe", "sequence", "intended_ns", "started_ns", "dns_us", "connect_us", "tls_us",
                     "ttfb_us", "total_us", "bytes", "http_status", "error_class", "corrected_us", "upload_bytes"]),
        ("load_histograms", ["run_id", "provider_id", "interval_start_ns", "interval_ns", "due", "sent", "late", "ok", "errors",
                             "uncorrected_hdr", "corrected_hdr"]),
        ("llm_requests", ["run_id", "provider_id", "sequence", "ttft_us", "tpot_us", "output_tokens", "tokens_source",
                          "prompt_tokens", "itl_p50_us", "itl_p99_us", "itl_max_us", "retry_after_s"]),
        ("llm_chunks", ["run_id", "provider_id", "sequence", "chunk", "offset_us"]),
        ("provisions", ["run_id", "provider_id", "attempt", "adapter", "resource_id", "requested_ns", "accepted_ns", "running_ns",
                        "reachable_ns", "torn_down_ns", "outcome", "error_class", "detail", "leaked", "endpoint",
                        "teardown_requested_ns", "attempt_key", "possibly_leaked", "bid_amount_per_block", "bid_denom",
                        "price_per_hour", "price_currency"]),
        ("run_providers", ["run_id", "provider_id", "endpoint"]),
    ] + summaryTables

    /// What a merge carries besides the raw rows, in every direction (SQLite to SQLite, push, pull):
    /// the files a run was imported from (so a second import of the same file is recognised in the
    /// copy too) and the per-run summaries that `sonde prune` keeps (migration 10).
    static let summaryTables: [(table: String, columns: [String])] = [
        ("imported_files", ["run_id", "provider_id", "content_sha256", "format", "file_name", "imported_at_ns"]),
        ("run_summaries", ["run_id", "provider_id", "probe", "attempts", "failures", "errors", "p50_us", "p90_us", "p99_us"]),
        ("run_summary_histograms", ["run_id", "provider_id", "probe", "phase", "hour_start_ns", "attempts", "failures", "histogram"]),
        ("run_summary_heartbeats", ["run_id", "provider_id", "sequence", "intended_ns", "error_class"]),
    ]

    /// Columns read as doubles (the rest are integers or text, which both dialects give as text or integers).
    private static let realColumns: Set<String> = ["bid_amount_per_block", "price_per_hour", "p50_us", "p90_us", "p99_us"]
    /// BLOB on SQLite, bytea on PostgreSQL.
    private static let blobColumns: Set<String> = ["histogram"]
    private static let textColumns: Set<String> = ["probe", "error_class", "errors", "uncorrected_hdr", "corrected_hdr",
                                                   "tokens_source", "adapter", "resource_id", "outcome", "detail", "endpoint",
                                                   "attempt_key", "bid_denom", "price_currency", "content_sha256", "format",
                                                   "file_name", "phase"]

    /// Copies `source`'s rows of run `sourceRowID` in `tables` (every table pull copies unless
    /// told) to run `rowID` here, each with `ON CONFLICT DO NOTHING`; either store may be either
    /// dialect.
    func copyRows(from source: SampleStore, sourceRowID: Int64, to rowID: Int64, providerMap: [Int64: Int64],
                  tables: [(table: String, columns: [String])] = copiedTables) throws(StoreError) {
        for (table, columns) in tables {
            let read = try source.db.prepare("SELECT \(columns.joined(separator: ", ")) FROM \(table) WHERE run_id = ?")
            read.bind(1, sourceRowID)
            let write = try db.prepare("""
                INSERT INTO \(table)(\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
                ON CONFLICT DO NOTHING
                """)
            while try read.step() {
                write.bind(1, rowID)
                write.bind(2, providerMap[read.int64(1) ?? 0] ?? 0)
                for (index, column) in columns.enumerated().dropFirst(2) {
                    let position = Int32(index)
                    if Self.blobColumns.contains(column) {
                        write.bind(position + 1, read.blob(position))
                    } else if Self.realColumns.contains(column) {
                        write.bind(position + 1, read.double(position))
                    } else if Self.textColumns.contains(column) {
                        write.bind(position + 1, read.string(position))
                    } else {
                        write.bind(position + 1, read.int64(position))
                    }
                }
                try write.step()
                write.reset()
            }
        }
    }
}

extension SampleStore {
    /// Marks run `rowID` here pruned when the source's copy was and this one holds no raw samples
    /// of its own (a copy merged before the source was pruned keeps its samples and stays unpruned).
    func copyPrunedMark(from source: SampleStore, sourceRowID: Int64, to rowID: Int64) throws(StoreError) {
        let read = try source.db.prepare("SELECT pruned_at_ns FROM runs WHERE id = ?")
        read.bind(1, sourceRowID)
        guard try read.step(), let prunedNs = read.int64(0) else { return }
        let mark = try db.prepare("""
            UPDATE runs SET pruned_at_ns = ? WHERE id = ? AND pruned_at_ns IS NULL
            AND NOT EXISTS (SELECT 1 FROM samples WHERE run_id = ?)
            """)
        mark.bind(1, prunedNs)
        mark.bind(2, rowID)
        mark.bind(3, rowID)
        try mark.step()
    }
}

extension StoreStatement {
    /// Binds a copied run's twelve `runs` columns in the order push and pull insert them: uuid,
    /// started_at_ns, finished_at_ns, status, label, vantage, host, sonde_version, config_hash,
    /// config_text, pid, heartbeat_ns.
    func bindRunCopy(_ run: RunRecord, pid: Int64?, heartbeatNs: Int64?) {
        bind(1, run.info.id)
        bind(2, run.info.startedNs)
        bind(3, run.finishedNs)
        bind(4, run.status.rawValue)
        bind(5, run.info.label)
        bind(6, run.info.vantage)
        bind(7, run.info.host)
        bind(8, run.info.sondeVersion)
        bind(9, run.info.configHash)
        bind(10, run.info.configText)
        bind(11, pid)
        bind(12, heartbeatNs)
    }
}

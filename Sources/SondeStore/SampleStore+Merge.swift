import SondeCore

extension SampleStore {
    /// What one merge added.
    public struct MergeCount: Sendable, Equatable {
        public var runs: Int
        public var samples: Int
    }

    /// Copies every run of the sonde database at `path` into this one: runs by their global uuid,
    /// providers by identity, and each run's rows keyed as in the source, so merging the same
    /// database twice adds nothing (`sonde merge`, databases from several vantage points).
    /// The source is brought to the current schema first (migrations only add).
    @discardableResult
    public func merge(from path: String) throws(StoreError) -> MergeCount {
        if db.dialect == .postgres { return try push(from: path) }
        _ = try SampleStore(path: path, create: false)
        let attach = try db.prepare("ATTACH DATABASE ? AS src")
        attach.bind(1, path)
        try attach.step()
        defer { try? db.execute("DETACH DATABASE src") }
        return try db.transaction { () throws(StoreError) -> MergeCount in
            let runsBefore = try count("runs")
            let samplesBefore = try count("samples")
            try db.execute("""
                INSERT OR IGNORE INTO main.runs(uuid, started_at_ns, finished_at_ns, status, label, vantage, host, sonde_version,
                                                config_hash, config_text, pid, heartbeat_ns)
                SELECT uuid, started_at_ns, finished_at_ns, status, label, vantage, host, sonde_version,
                       config_hash, config_text, pid, heartbeat_ns FROM src.runs;
                INSERT OR IGNORE INTO main.providers(name, kind, region, jurisdiction, endpoint)
                SELECT name, kind, region, jurisdiction, endpoint FROM src.providers;
                CREATE TEMP TABLE merge_runs AS SELECT sr.id AS src_id, r.id AS id FROM src.runs sr JOIN main.runs r ON r.uuid = sr.uuid;
                CREATE TEMP TABLE merge_providers AS
                    SELECT sp.id AS src_id, p.id AS id FROM src.providers sp JOIN main.providers p
                    ON p.name = sp.name AND p.kind = sp.kind AND p.region = sp.region AND p.jurisdiction = sp.jurisdiction;
                INSERT OR IGNORE INTO main.run_providers(run_id, provider_id, endpoint)
                SELECT r.id, p.id, x.endpoint
                FROM src.run_providers x JOIN merge_runs r ON r.src_id = x.run_id JOIN merge_providers p ON p.src_id = x.provider_id;
                INSERT OR IGNORE INTO main.samples(run_id, provider_id, probe, sequence, intended_ns, started_ns, dns_us, connect_us,
                                                   tls_us, ttfb_us, total_us, bytes, http_status, error_class, corrected_us, upload_bytes)
                SELECT r.id, p.id, s.probe, s.sequence, s.intended_ns, s.started_ns, s.dns_us, s.connect_us, s.tls_us, s.ttfb_us,
                       s.total_us, s.bytes, s.http_status, s.error_class, s.corrected_us, s.upload_bytes
                FROM src.samples s JOIN merge_runs r ON r.src_id = s.run_id JOIN merge_providers p ON p.src_id = s.provider_id;
                INSERT OR IGNORE INTO main.load_histograms(run_id, provider_id, interval_start_ns, interval_ns, due, sent, late, ok,
                                                           errors, uncorrected_hdr, corrected_hdr)
                SELECT r.id, p.id, h.interval_start_ns, h.interval_ns, h.due, h.sent, h.late, h.ok, h.errors, h.uncorrected_hdr,
                       h.corrected_hdr
                FROM src.load_histograms h JOIN merge_runs r ON r.src_id = h.run_id JOIN merge_providers p ON p.src_id = h.provider_id;
                INSERT OR IGNORE INTO main.llm_requests(run_id, provider_id, sequence, ttft_us, tpot_us, output_tokens, tokens_source,
                                                        prompt_tokens, itl_p50_us, itl_p99_us, itl_max_us, retry_after_s)
                SELECT r.id, p.id, l.sequence, l.ttft_us, l.tpot_us, l.output_tokens, l.tokens_source, l.prompt_tokens, l.itl_p50_us,
                       l.itl_p99_us, l.itl_max_us, l.retry_after_s
                FROM src.llm_requests l JOIN merge_runs r ON r.src_id = l.run_id JOIN merge_providers p ON p.src_id = l.provider_id;
                INSERT OR IGNORE INTO main.llm_chunks(run_id, provider_id, sequence, chunk, offset_us)
                SELECT r.id, p.id, c.sequence, c.chunk, c.offset_us
                FROM src.llm_chunks c JOIN merge_runs r ON r.src_id = c.run_id JOIN merge_providers p ON p.src_id = c.provider_id;
                INSERT OR IGNORE INTO main.provisions(run_id, provider_id, attempt, adapter, resource_id, requested_ns, accepted_ns,
                                                      running_ns, reachable_ns, torn_down_ns, outcome, error_class, detail, leaked,
                                                      endpoint, teardown_requested_ns, attempt_key, possibly_leaked,
                                                      bid_amount_per_block, bid_denom, price_per_hour, price_currency)
                SELECT r.id, p.id, v.attempt, v.adapter, v.resource_id, v.requested_ns, v.accepted_ns, v.running_ns, v.reachable_ns,
                       v.torn_down_ns, v.outcome, v.error_class, v.detail, v.leaked, v.endpoint, v.teardown_requested_ns,
                       v.attempt_key, v.possibly_leaked, v.bid_amount_per_block, v.bid_denom, v.price_per_hour, v.price_currency
                FROM src.provisions v JOIN merge_runs r ON r.src_id = v.run_id JOIN merge_providers p ON p.src_id = v.provider_id;
                INSERT OR IGNORE INTO main.imported_files(content_sha256, provider_id, run_id, format, file_name, imported_at_ns)
                SELECT f.content_sha256, p.id, r.id, f.format, f.file_name, f.imported_at_ns
                FROM src.imported_files f JOIN merge_runs r ON r.src_id = f.run_id JOIN merge_providers p ON p.src_id = f.provider_id;
                -- What `sonde prune` keeps of a pruned run (migration 10), and the mark, when this copy has no samples of its own.
                INSERT OR IGNORE INTO main.run_summaries(run_id, provider_id, probe, attempts, failures, errors, p50_us, p90_us, p99_us)
                SELECT r.id, p.id, x.probe, x.attempts, x.failures, x.errors, x.p50_us, x.p90_us, x.p99_us
                FROM src.run_summaries x JOIN merge_runs r ON r.src_id = x.run_id JOIN merge_providers p ON p.src_id = x.provider_id;
                INSERT OR IGNORE INTO main.run_summary_histograms(run_id, provider_id, probe, phase, hour_start_ns, attempts, failures,
                                                                  histogram)
                SELECT r.id, p.id, x.probe, x.phase, x.hour_start_ns, x.attempts, x.failures, x.histogram
                FROM src.run_summary_histograms x JOIN merge_runs r ON r.src_id = x.run_id JOIN merge_providers p ON p.src_id = x.provider_id;
                INSERT OR IGNORE INTO main.run_summary_heartbeats(run_id, provider_id, sequence, intended_ns, error_class)
                SELECT r.id, p.id, x.sequence, x.intended_ns, x.error_class
                FROM src.run_summary_heartbeats x JOIN merge_runs r ON r.src_id = x.run_id JOIN merge_providers p ON p.src_id = x.provider_id;
                UPDATE main.runs SET pruned_at_ns = (SELECT sr.pruned_at_ns FROM src.runs sr WHERE sr.uuid = main.runs.uuid)
                WHERE id IN (SELECT id FROM temp.merge_runs) AND pruned_at_ns IS NULL
                  AND NOT EXISTS (SELECT 1 FROM main.samples s WHERE s.run_id = main.runs.id);
                -- Recounted from main's rows: exact whether a run is new here or was merged before.
                INSERT OR REPLACE INTO main.run_sample_counts(run_id, provider_id, probe, samples)
                SELECT s.run_id, s.provider_id, s.probe, count(*) FROM main.samples s
                WHERE s.run_id IN (SELECT id FROM temp.merge_runs) GROUP BY s.run_id, s.provider_id, s.probe;
                DROP TABLE temp.merge_runs;
                DROP TABLE temp.merge_providers;
                """)
            return MergeCount(runs: try count("runs") - runsBefore, samples: try count("samples") - samplesBefore)
        }
    }

    /// Every name this database holds (providers' names, regions and jurisdictions; runs' labels
    /// and vantages) with the column it sits in, read byte-exact through `hex()`: a NUL inside a
    /// name is kept, so that `sonde merge` can reject the name instead of truncating it.
    public func storedNames() throws(StoreError) -> [(column: String, value: String)] {
        // PostgreSQL text cannot hold a NUL at all: the names are read as they are.
        if db.dialect == .postgres {
            let statement = try db.prepare("""
                SELECT 'providers.name', name FROM providers
                UNION ALL SELECT 'providers.region', region FROM providers WHERE region != ''
                UNION ALL SELECT 'providers.jurisdiction', jurisdiction FROM providers WHERE jurisdiction != ''
                UNION ALL SELECT 'runs.label', label FROM runs WHERE label IS NOT NULL
                UNION ALL SELECT 'runs.vantage', vantage FROM runs WHERE vantage IS NOT NULL
                """)
            var names: [(column: String, value: String)] = []
            while try statement.step() { names.append((statement.string(0) ?? "", statement.string(1) ?? "")) }
            return names
        }
        let statement = try db.prepare("""
            SELECT 'providers.name', hex(CAST(name AS BLOB)) FROM providers
            UNION ALL SELECT 'providers.region', hex(CAST(region AS BLOB)) FROM providers WHERE region != ''
            UNION ALL SELECT 'providers.jurisdiction', hex(CAST(jurisdiction AS BLOB)) FROM providers WHERE jurisdiction != ''
            UNION ALL SELECT 'runs.label', hex(CAST(label AS BLOB)) FROM runs WHERE label IS NOT NULL
            UNION ALL SELECT 'runs.vantage', hex(CAST(vantage AS BLOB)) FROM runs WHERE vantage IS NOT NULL
            """)
        var names: [(column: String, value: String)] = []
        while try statement.step() {
            let hex = Array((statement.string(1) ?? "").utf8)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(hex.count / 2)
            var index = 0
            while index + 1 < hex.count {
                bytes.append(UInt8(Self.nibble(hex[index]) << 4 | Self.nibble(hex[index + 1])))
                index += 2
            }
            names.append((statement.string(0) ?? "", String(decoding: bytes, as: UTF8.self)))
        }
        return names
    }

    private static func nibble(_ digit: UInt8) -> UInt8 { digit <= 57 ? digit - 48 : digit - 55 }

    private func count(_ table: String) throws(StoreError) -> Int {
        let statement = try db.prepare("SELECT count(*) FROM main.\(table)")
        try statement.step()
        return Int(statement.int64(0) ?? 0)
    }
}

import Foundation

/// The schema's history: append-only and numbered. Never edit a migration that has shipped;
/// add the next one. docs/schema.md describes the resulting tables.
enum Migrations {
    struct Migration {
        let version: Int
        let name: String
        let sql: String
    }

    static let all: [Migration] = [
        Migration(version: 1, name: "runs, providers, samples", sql: """
            CREATE TABLE runs (
                id INTEGER PRIMARY KEY,
                uuid TEXT NOT NULL UNIQUE,
                started_at_ns INTEGER NOT NULL,
                finished_at_ns INTEGER,
                status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'interrupted', 'failed')),
                label TEXT,
                vantage TEXT,
                host TEXT,
                sonde_version TEXT NOT NULL,
                config_hash TEXT NOT NULL,
                config_text TEXT NOT NULL
            );
            CREATE INDEX runs_label ON runs(label);
            CREATE TABLE providers (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('depin', 'centralized')),
                region TEXT NOT NULL DEFAULT '',
                jurisdiction TEXT NOT NULL DEFAULT '',
                endpoint TEXT NOT NULL,
                UNIQUE (name, kind, region, jurisdiction, endpoint)
            );
            CREATE TABLE samples (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                provider_id INTEGER NOT NULL REFERENCES providers(id),
                probe TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                intended_ns INTEGER NOT NULL,
                started_ns INTEGER NOT NULL,
                dns_us INTEGER,
                connect_us INTEGER,
                tls_us INTEGER,
                ttfb_us INTEGER,
                total_us INTEGER,
                bytes INTEGER NOT NULL DEFAULT 0,
                http_status INTEGER,
                error_class TEXT,
                PRIMARY KEY (run_id, provider_id, probe, sequence)
            ) WITHOUT ROWID;
            """),
        Migration(version: 2, name: "bandwidth and load probes", sql: """
            ALTER TABLE samples ADD COLUMN corrected_us INTEGER;
            ALTER TABLE samples ADD COLUMN upload_bytes INTEGER;
            CREATE TABLE load_histograms (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                provider_id INTEGER NOT NULL REFERENCES providers(id),
                interval_start_ns INTEGER NOT NULL,
                interval_ns INTEGER NOT NULL,
                due INTEGER NOT NULL,
                sent INTEGER NOT NULL,
                late INTEGER NOT NULL,
                ok INTEGER NOT NULL,
                errors TEXT NOT NULL DEFAULT '',
                uncorrected_hdr TEXT NOT NULL,
                corrected_hdr TEXT NOT NULL,
                PRIMARY KEY (run_id, provider_id, interval_start_ns)
            ) WITHOUT ROWID;
            """),
        Migration(version: 3, name: "llm probe", sql: """
            CREATE TABLE llm_requests (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                provider_id INTEGER NOT NULL REFERENCES providers(id),
                sequence INTEGER NOT NULL,
                ttft_us INTEGER,
                tpot_us INTEGER,
                output_tokens INTEGER NOT NULL,
                tokens_source TEXT NOT NULL CHECK (tokens_source IN ('usage', 'counted')),
                prompt_tokens INTEGER,
                itl_p50_us INTEGER,
                itl_p99_us INTEGER,
                itl_max_us INTEGER,
                retry_after_s INTEGER,
                PRIMARY KEY (run_id, provider_id, sequence)
            ) WITHOUT ROWID;
            CREATE TABLE llm_chunks (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                provider_id INTEGER NOT NULL REFERENCES providers(id),
                sequence INTEGER NOT NULL,
                chunk INTEGER NOT NULL,
                offset_us INTEGER NOT NULL,
                PRIMARY KEY (run_id, provider_id, sequence, chunk)
            ) WITHOUT ROWID;
            """),
        Migration(version: 4, name: "run liveness: pid and heartbeat", sql: """
            ALTER TABLE runs ADD COLUMN pid INTEGER;
            ALTER TABLE runs ADD COLUMN heartbeat_ns INTEGER;
            """),
        Migration(version: 5, name: "provisions", sql: """
            CREATE TABLE provisions (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                provider_id INTEGER NOT NULL REFERENCES providers(id),
                attempt INTEGER NOT NULL,
                adapter TEXT NOT NULL,
                resource_id TEXT,
                requested_ns INTEGER NOT NULL,
                accepted_ns INTEGER,
                running_ns INTEGER,
                reachable_ns INTEGER,
                teardown_requested_ns INTEGER,
                torn_down_ns INTEGER,
                outcome TEXT CHECK (outcome IN ('ready', 'failed', 'capacity_unavailable', 'quota_exceeded', 'timeout', 'cancelled')),
                error_class TEXT,
                detail TEXT,
                leaked INTEGER NOT NULL DEFAULT 0,
                endpoint TEXT,
                PRIMARY KEY (run_id, provider_id, attempt)
            ) WITHOUT ROWID;
            CREATE INDEX provisions_open ON provisions(torn_down_ns) WHERE resource_id IS NOT NULL AND torn_down_ns IS NULL;
            """),
        Migration(version: 6, name: "provision attempt identity", sql: """
            ALTER TABLE provisions ADD COLUMN attempt_key TEXT;
            ALTER TABLE provisions ADD COLUMN possibly_leaked INTEGER NOT NULL DEFAULT 0;
            """),
        // `sonde runs` and `report --last` on months of runs: newest-first and time windows from
        // an index, per-run sample counts kept by the writers (SampleWriter, merge) in the same
        // transaction as the rows, so listing runs never counts the samples table. The backfill
        // is one pass over the primary key, in its order.
        Migration(version: 7, name: "run indexes and per-run sample counts", sql: """
            CREATE INDEX runs_started ON runs(started_at_ns);
            CREATE INDEX runs_vantage ON runs(vantage, started_at_ns);
            CREATE INDEX runs_running ON runs(status) WHERE status = 'running';
            CREATE TABLE run_sample_counts (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                provider_id INTEGER NOT NULL REFERENCES providers(id),
                probe TEXT NOT NULL,
                samples INTEGER NOT NULL,
                PRIMARY KEY (run_id, provider_id, probe)
            ) WITHOUT ROWID;
            INSERT INTO run_sample_counts(run_id, provider_id, probe, samples)
                SELECT run_id, provider_id, probe, count(*) FROM samples GROUP BY run_id, provider_id, probe;
            """),
        Migration(version: 8, name: "imported files", sql: """
            CREATE TABLE imported_files (
                content_sha256 TEXT NOT NULL,
                provider_id INTEGER NOT NULL REFERENCES providers(id),
                run_id INTEGER NOT NULL REFERENCES runs(id),
                format TEXT NOT NULL,
                file_name TEXT NOT NULL,
                imported_at_ns INTEGER NOT NULL,
                PRIMARY KEY (content_sha256, provider_id)
            ) WITHOUT ROWID;
            """),
        // The accepted bid's price as quoted (per block, in a token denomination) and converted
        // with the configured token rate and block time; NULL for adapters without bids.
        Migration(version: 9, name: "provision bid price", sql: """
            ALTER TABLE provisions ADD COLUMN bid_amount_per_block REAL;
            ALTER TABLE provisions ADD COLUMN bid_denom TEXT;
            ALTER TABLE provisions ADD COLUMN price_per_hour REAL;
            ALTER TABLE provisions ADD COLUMN price_currency TEXT;
            """),
        // `sonde prune`: a pruned run keeps, per provider and probe, what the history report
        // reads (RunProbeSummary): exact per-run quantiles and error counts, HDR histograms per phase
        // and per UTC hour, and the heartbeats that decide interruptions. Written in the
        // transaction that deletes the run's samples (SampleStore+Prune.swift).
        Migration(version: 10, name: "run summaries for pruned runs", sql: """
            ALTER TABLE runs ADD COLUMN pruned_at_ns INTEGER;
            CREATE TABLE run_summaries (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                provider_id INTEGER NOT NULL REFERENCES providers(id),
                probe TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                failures INTEGER NOT NULL,
                errors TEXT NOT NULL DEFAULT '',
                p50_us REAL,
                p90_us REAL,
                p99_us REAL,
                PRIMARY KEY (run_id, provider_id, probe)
            ) WITHOUT ROWID;
            CREATE TABLE run_summary_histograms (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                provider_id INTEGER NOT NULL REFERENCES providers(id),
                probe TEXT NOT NULL,
                phase TEXT NOT NULL CHECK (phase IN ('dns', 'connect', 'tls', 'ttfb', 'total')),
                hour_start_ns INTEGER NOT NULL,
                attempts INTEGER NOT NULL,
                failures INTEGER NOT NULL,
                histogram BLOB NOT NULL,
                PRIMARY KEY (run_id, provider_id, probe, phase, hour_start_ns)
            ) WITHOUT ROWID;
            CREATE TABLE run_summary_heartbeats (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                provider_id INTEGER NOT NULL REFERENCES providers(id),
                sequence INTEGER NOT NULL,
                intended_ns INTEGER NOT NULL,
                error_class TEXT,
                PRIMARY KEY (run_id, provider_id, sequence)
            ) WITHOUT ROWID;
            """),
        // A shared store: the same provider probed by several agents (each with its own endpoint
        // port) is one provider. Providers are keyed by (name, kind, region, jurisdiction); each
        // run keeps the endpoint it probed in run_providers. Rows of duplicate identities move to
        // the oldest provider row (a run names a provider once, so no key collides).
        Migration(version: 11, name: "provider identity without endpoint; endpoint per run", sql: """
            CREATE TABLE run_providers (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                provider_id INTEGER NOT NULL REFERENCES providers(id),
                endpoint TEXT NOT NULL,
                PRIMARY KEY (run_id, provider_id)
            ) WITHOUT ROWID;
            INSERT INTO run_providers(run_id, provider_id, endpoint)
                SELECT DISTINCT u.run_id, u.provider_id, p.endpoint FROM (
                    SELECT run_id, provider_id FROM run_sample_counts
                    UNION SELECT run_id, provider_id FROM load_histograms
                    UNION SELECT run_id, provider_id FROM provisions
                    UNION SELECT run_id, provider_id FROM imported_files
                    UNION SELECT run_id, provider_id FROM run_summaries) u
                JOIN providers p ON p.id = u.provider_id;
            CREATE TEMP TABLE provider_canon AS
                SELECT p.id AS id, (SELECT min(q.id) FROM providers q WHERE q.name = p.name AND q.kind = p.kind
                                    AND q.region = p.region AND q.jurisdiction = p.jurisdiction) AS canon
                FROM providers p;
            DELETE FROM provider_canon WHERE id = canon;
            \(repointFolded(in: ["samples", "load_histograms", "llm_requests", "llm_chunks", "provisions", "imported_files", "run_providers", "run_summaries", "run_summary_histograms", "run_summary_heartbeats"]))
            INSERT INTO run_sample_counts(run_id, provider_id, probe, samples)
                SELECT c.run_id, m.canon, c.probe, c.samples FROM run_sample_counts c JOIN provider_canon m ON m.id = c.provider_id
                WHERE true
                ON CONFLICT (run_id, provider_id, probe) DO UPDATE SET samples = run_sample_counts.samples + excluded.samples;
            DELETE FROM run_sample_counts WHERE provider_id IN (SELECT id FROM provider_canon);
            DELETE FROM providers WHERE id IN (SELECT id FROM provider_canon);
            DROP TABLE provider_canon;
            CREATE UNIQUE INDEX providers_identity ON providers(name, kind, region, jurisdiction);
            """),
        // Mixed versions (MigrationGuard): the newest schema each agent host understood at its
        // last run, so that a breaking migration waits until every active agent is upgraded.
        Migration(version: 12, name: "store agents", sql: """
            CREATE TABLE store_agents (
                host TEXT PRIMARY KEY,
                sonde_version TEXT NOT NULL,
                schema_version INTEGER NOT NULL,
                seen_at_ns INTEGER NOT NULL
            );
            """),
    ]

    /// Versions that change the schema in a way older sonde versions cannot write through (a
    /// dropped or renamed column, a NOT NULL column without a default). None so far; both
    /// migrators record the flag in `schema_migrations.breaking` and `MigrationGuard` applies the
    /// policy.
    static let breaking: Set<Int> = []

    /// Migration 11's moves: in each table, rows of a provider folded into an older one with the
    /// same identity point at that one (`provider_canon` maps folded ids to canonical ones).
    static func repointFolded(in tables: [String]) -> String {
        tables.map { table in
            "UPDATE \(table) SET provider_id = (SELECT canon FROM provider_canon m WHERE m.id = \(table).provider_id)\n"
                + "    WHERE provider_id IN (SELECT id FROM provider_canon);"
        }.joined(separator: "\n")
    }

    /// Applies every migration not yet recorded, each in its own transaction, after
    /// `MigrationGuard`'s checks: a newer additive schema is accepted, a newer breaking one refused,
    /// and a breaking migration waits for older active agents.
    static func migrate(_ db: SQLiteConnection, context: MigrationContext = MigrationContext()) throws(StoreError) {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ns INTEGER NOT NULL,
                breaking INTEGER NOT NULL DEFAULT 0)
            """)
        // Files made before the column: bookkeeping, not a numbered migration (PostgreSQL's table had it from the start).
        // Checked again under the write lock: two processes opening such a file at once (a report
        // beside a run after an upgrade) both saw it missing, and the second ALTER failed.
        if try !hasBreakingColumn(db) {
            try db.transaction { () throws(StoreError) in
                guard try !hasBreakingColumn(db) else { return }
                try db.execute("ALTER TABLE schema_migrations ADD COLUMN breaking INTEGER NOT NULL DEFAULT 0")
            }
        }
        let current = try db.prepare("SELECT version, name, breaking FROM schema_migrations")
        var applied: [MigrationGuard.Applied] = []
        while try current.step() {
            applied.append(.init(version: Int(current.int64(0) ?? 0), name: current.string(1) ?? "", breaking: (current.int64(2) ?? 0) != 0))
        }
        try MigrationGuard.checkApplied(applied, context: context, path: db.path)
        // By membership, not by the highest version: a migration merged in late still applies.
        let done = Set(applied.map(\.version))
        let pending = context.migrations.filter { !done.contains($0.version) }
        if pending.contains(where: { context.breaking.contains($0.version) }) {
            try MigrationGuard.checkPending(pending, agents: try agents(db), context: context, path: db.path)
        }
        for migration in pending {
            try db.transaction { () throws(StoreError) in
                // Another process may have applied it while this one waited for the write lock.
                let check = try db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?")
                check.bind(1, Int64(migration.version))
                guard try !check.step() else { return }
                try db.execute(migration.sql)
                let record = try db.prepare("INSERT INTO schema_migrations(version, name, applied_at_ns, breaking) VALUES (?, ?, ?, ?)")
                record.bind(1, Int64(migration.version))
                record.bind(2, migration.name)
                record.bind(3, Int64(Date().timeIntervalSince1970 * 1e9))
                record.bind(4, Int64(context.breaking.contains(migration.version) ? 1 : 0))
                try record.step()
            }
        }
    }

    /// Whether `schema_migrations` has its `breaking` column (files made before it do not).
    private static func hasBreakingColumn(_ db: SQLiteConnection) throws(StoreError) -> Bool {
        let columns = try db.prepare("SELECT count(*) FROM pragma_table_info('schema_migrations') WHERE name = 'breaking'")
        let present = try columns.step() && columns.int64(0) == 1
        // Reset, or the open read keeps the table locked for the DDL that may follow.
        columns.reset()
        return present
    }

    /// The registered agents, or none before migration 12.
    static func agents(_ db: any StoreConnection) throws(StoreError) -> [MigrationGuard.Agent] {
        let exists = try db.prepare(db.dialect == .sqlite
            ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'store_agents'"
            : "SELECT CASE WHEN to_regclass('store_agents') IS NULL THEN 0 ELSE 1 END")
        let present = try exists.step() && exists.int64(0) == 1
        exists.reset()
        guard present else { return [] }
        let rows = try db.prepare("SELECT host, sonde_version, schema_version, seen_at_ns FROM store_agents")
        var agents: [MigrationGuard.Agent] = []
        while try rows.step() {
            agents.append(.init(host: rows.string(0) ?? "", sondeVersion: rows.string(1) ?? "",
                                schemaVersion: Int(rows.int64(2) ?? 0), seenNs: rows.int64(3) ?? 0))
        }
        return agents
    }
}

import SondeCore

/// A run `sonde prune` would drop the raw samples of.
public struct PruneCandidate: Sendable, Equatable {
    public var run: RunRecord
    /// Its samples, from `run_sample_counts`.
    public var samples: Int
}

/// What `sonde prune` found before a cutoff.
public struct PrunePlan: Sendable, Equatable {
    /// Runs to prune, oldest first.
    public var candidates: [PruneCandidate]
    /// Runs still running (refused: their samples are still being written), oldest first.
    public var running: [RunRecord]
}

// The SQL of pruning, kept in one file so that another store dialect can mirror it.
extension SampleStore {
    /// Runs started before `cutoffNs`, not pruned yet, with raw samples. Uses the start-time index
    /// and one primary-key seek per run, never a scan of the samples table.
    public func prunePlan(startedBefore cutoffNs: Int64) throws(StoreError) -> PrunePlan {
        let statement = try db.prepare("""
            SELECT \(Self.runColumns.split(separator: ",").map { "r." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")),
                   (SELECT coalesce(sum(c.samples), 0) FROM run_sample_counts c WHERE c.run_id = r.id)
            FROM runs r
            WHERE r.started_at_ns < ? AND r.pruned_at_ns IS NULL AND EXISTS (SELECT 1 FROM samples s WHERE s.run_id = r.id)
            ORDER BY r.started_at_ns, r.id
            """)
        statement.bind(1, cutoffNs)
        var plan = PrunePlan(candidates: [], running: [])
        while try statement.step() {
            let record = Self.record(statement)
            if record.status == .running {
                plan.running.append(record)
            } else {
                plan.candidates.append(PruneCandidate(run: record, samples: Int(statement.int64(10) ?? 0)))
            }
        }
        return plan
    }

    /// Replaces `run`'s raw samples with its per-run summaries (`RunProbeSummary`, one per provider
    /// and probe) in one transaction: the summaries are written, the samples and their
    /// `run_sample_counts` rows deleted and the run marked pruned together, so a crash or a
    /// failing statement leaves the run as it was. Returns the samples deleted. A run that is
    /// running, or was pruned meanwhile by another process, is left alone (`.badData` for running).
    @discardableResult
    public func prune(_ run: RunRecord, nowNs: Int64) throws(StoreError) -> Int {
        try db.transaction { () throws(StoreError) -> Int in
            let lookup = try db.prepare("SELECT id, status, pruned_at_ns FROM runs WHERE uuid = ?")
            lookup.bind(1, run.info.id)
            guard try lookup.step(), let rowID = lookup.int64(0) else {
                throw StoreError(kind: .notFound, path: path, message: "no run with id '\(run.info.id)'")
            }
            if lookup.string(1) == RunStatus.running.rawValue {
                throw StoreError(kind: .badData, path: path, message: "run \(run.info.id) is running; it cannot be pruned")
            }
            if lookup.int64(2) != nil { return 0 }
            var summaries: [(providerID: Int64, summary: RunProbeSummary)] = []
            for probe in ProbeKind.allCases {
                for series in try load(run, probe: probe).series where !series.samples.isEmpty {
                    summaries.append((series.samples[0].providerID, RunProbeSummary(series, probe: probe)))
                }
            }
            try insert(summaries, runRowID: rowID)
            let delete = try db.prepare("DELETE FROM samples WHERE run_id = ?")
            delete.bind(1, rowID)
            try delete.step()
            let deleted = summaries.reduce(0) { $0 + $1.summary.attempts }
            let counts = try db.prepare("DELETE FROM run_sample_counts WHERE run_id = ?")
            counts.bind(1, rowID)
            try counts.step()
            let mark = try db.prepare("UPDATE runs SET pruned_at_ns = ? WHERE id = ?")
            mark.bind(1, nowNs)
            mark.bind(2, rowID)
            try mark.step()
            return deleted
        }
    }

    private func insert(_ summaries: [(providerID: Int64, summary: RunProbeSummary)], runRowID: Int64) throws(StoreError) {
        let row = try db.prepare("""
            INSERT INTO run_summaries(run_id, provider_id, probe, attempts, failures, errors, p50_us, p90_us, p99_us)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let histogram = try db.prepare("""
            INSERT INTO run_summary_histograms(run_id, provider_id, probe, phase, hour_start_ns, attempts, failures, histogram)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let heartbeat = try db.prepare("""
            INSERT INTO run_summary_heartbeats(run_id, provider_id, sequence, intended_ns, error_class) VALUES (?, ?, ?, ?, ?)
            """)
        for (providerID, summary) in summaries {
            row.reset()
            row.bind(1, runRowID)
            row.bind(2, providerID)
            row.bind(3, summary.probe.rawValue)
            row.bind(4, Int64(summary.attempts))
            row.bind(5, Int64(summary.failures))
            row.bind(6, summary.errorsText)
            row.bind(7, summary.p50Us)
            row.bind(8, summary.p90Us)
            row.bind(9, summary.p99Us)
            try row.step()
            for hour in summary.hours {
                for phase in hour.phases.keys.sorted() {
                    histogram.reset()
                    histogram.bind(1, runRowID)
                    histogram.bind(2, providerID)
                    histogram.bind(3, summary.probe.rawValue)
                    histogram.bind(4, phase.rawValue)
                    histogram.bind(5, hour.startNs)
                    histogram.bind(6, Int64(hour.attempts))
                    histogram.bind(7, Int64(hour.failures))
                    histogram.bind(8, hour.phases[phase]!.compact())
                    try histogram.step()
                }
            }
            for beat in summary.heartbeats {
                heartbeat.reset()
                heartbeat.bind(1, runRowID)
                heartbeat.bind(2, providerID)
                heartbeat.bind(3, beat.sequence)
                heartbeat.bind(4, beat.intendedNs)
                heartbeat.bind(5, beat.errorClass?.rawValue)
                try heartbeat.step()
            }
        }
    }
}

extension SampleStore {
    /// Rewrites the database file without its free pages (SQLite's VACUUM), so that the space
    /// pruned samples held returns to the file system.
    public func vacuum() throws(StoreError) {
        try db.execute("VACUUM")
    }
}

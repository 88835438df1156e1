import SondeCore

// Reading what `sonde prune` kept (SampleStore+Prune.swift writes it).
extension SampleStore {
    /// The ids of the runs that were pruned (their raw samples replaced by summaries).
    public func prunedRunIDs() throws(StoreError) -> Set<String> {
        let statement = try db.prepare("SELECT uuid FROM runs WHERE pruned_at_ns IS NOT NULL")
        var ids: Set<String> = []
        while try statement.step() { ids.insert(statement.string(0) ?? "") }
        return ids
    }

    /// When `run` was pruned, nanoseconds since the epoch; `nil` when it was not.
    public func prunedAt(_ run: RunRecord) throws(StoreError) -> Int64? {
        let statement = try db.prepare("SELECT pruned_at_ns FROM runs WHERE uuid = ?")
        statement.bind(1, run.info.id)
        return try statement.step() ? statement.int64(0) : nil
    }

    /// The summaries of pruned `run`, per provider (in name order) and probe. A stored row that
    /// cannot be read (unknown probe, phase or error class, a histogram in another form) is
    /// `.badData` naming the table, run and provider. Only the histograms of `phases` are read
    /// (the history report needs `total`; each histogram costs some 190 KB in memory).
    public func summaries(_ run: RunRecord, phases: Set<RunProbeSummary.Phase> = Set(RunProbeSummary.Phase.allCases))
        throws(StoreError) -> [RunProbeSummary] {
        let rows = try db.prepare("""
            SELECT p.id, p.name, p.kind, p.region, p.jurisdiction, p.endpoint,
                   s.probe, s.attempts, s.failures, s.errors, s.p50_us, s.p90_us, s.p99_us
            FROM run_summaries s JOIN runs r ON r.id = s.run_id JOIN providers p ON p.id = s.provider_id
            WHERE r.uuid = ? ORDER BY p.name, p.id, s.probe
            """)
        rows.bind(1, run.info.id)
        var summaries: [RunProbeSummary] = []
        var index: [String: Int] = [:]
        while try rows.step() {
            let providerID = rows.int64(0) ?? 0
            let provider = Provider(name: rows.string(1) ?? "", kind: ProviderKind(rawValue: rows.string(2) ?? "") ?? .depin,
                                    region: rows.string(3) ?? "", jurisdiction: rows.string(4) ?? "", endpoint: rows.string(5) ?? "")
            let place = "run_summaries: run \(run.info.id), provider \(provider.name)"
            guard let probe = ProbeKind(rawValue: rows.string(6) ?? "") else {
                throw StoreError(kind: .badData, path: path, message: "\(place): unknown probe '\(rows.string(6) ?? "")'")
            }
            guard let errors = RunProbeSummary.errors(rows.string(9) ?? "") else {
                throw StoreError(kind: .badData, path: path, message: "\(place): errors '\(rows.string(9) ?? "")' is not class=count pairs")
            }
            index["\(providerID) \(probe.rawValue)"] = summaries.count
            summaries.append(RunProbeSummary(provider: provider, probe: probe, attempts: Int(rows.int64(7) ?? 0),
                                        failures: Int(rows.int64(8) ?? 0), errors: errors, p50Us: rows.double(10),
                                        p90Us: rows.double(11), p99Us: rows.double(12), hours: [], heartbeats: []))
        }
        let histograms = try db.prepare("""
            SELECT h.provider_id, h.probe, h.phase, h.hour_start_ns, h.attempts, h.failures, h.histogram
            FROM run_summary_histograms h JOIN runs r ON r.id = h.run_id
            WHERE r.uuid = ? ORDER BY h.provider_id, h.probe, h.hour_start_ns, h.phase
            """)
        histograms.bind(1, run.info.id)
        while try histograms.step() {
            let key = "\(histograms.int64(0) ?? 0) \(histograms.string(1) ?? "")"
            guard let slot = index[key] else { continue }
            let place = "run_summary_histograms: run \(run.info.id), provider \(summaries[slot].provider.name)"
            guard let phase = RunProbeSummary.Phase(rawValue: histograms.string(2) ?? "") else {
                throw StoreError(kind: .badData, path: path, message: "\(place): unknown phase '\(histograms.string(2) ?? "")'")
            }
            guard phases.contains(phase) else { continue }
            let hourStart = histograms.int64(3) ?? 0
            guard let values = LatencyHistogram(compact: histograms.blob(6)) else {
                throw StoreError(kind: .badData, path: path, message: "\(place), \(phase.rawValue) at \(hourStart): unreadable histogram")
            }
            if summaries[slot].hours.last?.startNs != hourStart {
                summaries[slot].hours.append(RunProbeSummary.Hour(startNs: hourStart, attempts: Int(histograms.int64(4) ?? 0),
                                                             failures: Int(histograms.int64(5) ?? 0), phases: [:]))
            }
            summaries[slot].hours[summaries[slot].hours.count - 1].phases[phase] = values
        }
        let beats = try db.prepare("""
            SELECT h.provider_id, h.sequence, h.intended_ns, h.error_class
            FROM run_summary_heartbeats h JOIN runs r ON r.id = h.run_id
            WHERE r.uuid = ? ORDER BY h.provider_id, h.intended_ns, h.sequence
            """)
        beats.bind(1, run.info.id)
        while try beats.step() {
            let providerID = beats.int64(0) ?? 0
            guard let slot = index["\(providerID) \(ProbeKind.availability.rawValue)"] else { continue }
            let intended = beats.int64(2) ?? 0
            summaries[slot].heartbeats.append(Sample(
                providerID: providerID, probe: .availability, sequence: beats.int64(1) ?? 0, intendedNs: intended, startedNs: intended,
                errorClass: beats.string(3).map { ErrorClass(rawValue: $0) ?? .other }))
        }
        return summaries
    }
}

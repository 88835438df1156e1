import Foundation
import SondeCore

extension SampleStore {
    /// What importing one file did.
    public enum ImportOutcome: Sendable, Equatable {
        /// Stored as a new run with this id and sample count.
        case imported(runID: String, samples: Int)
        /// The same content was already imported for this provider, as this run: nothing stored.
        case duplicate(runID: String)
    }

    /// Stores one imported file as one complete run of `provider`, in one transaction: the run,
    /// its samples, its LLM records and the file's content hash. A file whose hash is already
    /// recorded for a provider of the same name, kind and region (whatever its endpoint) is
    /// skipped. Nothing of a file is stored unless all of it is.
    public func importRun(_ imported: ImportedRun, info: RunInfo, provider: Provider, contentSHA256: String,
                          fileName: String) throws(StoreError) -> ImportOutcome {
        try db.transaction { () throws(StoreError) -> ImportOutcome in
            let providerID = try providerID(for: provider)
            // The same provider is the same name, kind and region: a hey file's endpoint comes
            // from its file name, and a renamed copy is still the same measurement.
            let existing = try db.prepare("""
                SELECT r.uuid FROM imported_files f JOIN runs r ON r.id = f.run_id JOIN providers p ON p.id = f.provider_id
                WHERE f.content_sha256 = ? AND p.name = ? AND p.kind = ? AND p.region = ? AND p.jurisdiction = ?
                """)
            existing.bind(1, contentSHA256)
            existing.bind(2, provider.name)
            existing.bind(3, provider.kind.rawValue)
            existing.bind(4, provider.region)
            existing.bind(5, provider.jurisdiction)
            if try existing.step() { return .duplicate(runID: existing.string(0) ?? "") }

            let run = try db.prepare("""
                INSERT INTO runs(uuid, started_at_ns, finished_at_ns, status, label, vantage, host, sonde_version,
                                 config_hash, config_text)
                VALUES (?, ?, ?, 'complete', ?, ?, ?, ?, ?, ?) RETURNING id
                """)
            run.bind(1, info.id)
            run.bind(2, info.startedNs)
            run.bind(3, imported.finishedNs)
            run.bind(4, info.label)
            run.bind(5, info.vantage)
            run.bind(6, info.host)
            run.bind(7, info.sondeVersion)
            run.bind(8, info.configHash)
            run.bind(9, info.configText)
            guard try run.step(), let runRowID = run.int64(0) else {
                throw StoreError(kind: .badData, path: path, message: "run \(info.id) was not stored")
            }
            while try run.step() {}
            try recordEndpoint(provider.endpoint, runRowID: runRowID, providerID: providerID)
            try insertSamples(imported.samples, runRowID: runRowID, providerID: providerID)
            try insertRecords(imported.llmRecords, runRowID: runRowID, providerID: providerID)

            let record = try db.prepare("""
                INSERT INTO imported_files(content_sha256, provider_id, run_id, format, file_name, imported_at_ns)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            record.bind(1, contentSHA256)
            record.bind(2, providerID)
            record.bind(3, runRowID)
            record.bind(4, imported.format.rawValue)
            record.bind(5, fileName)
            record.bind(6, Int64(Date().timeIntervalSince1970 * 1e9))
            try record.step()
            return .imported(runID: info.id, samples: imported.samples.count)
        }
    }

    private func insertSamples(_ samples: [Sample], runRowID: Int64, providerID: Int64) throws(StoreError) {
        let insert = try db.prepare(SampleWriter.insertSQL(rows: 1))
        for sample in samples {
            insert.bind(1, runRowID)
            insert.bind(2, providerID)
            insert.bind(3, sample.probe.rawValue)
            insert.bind(4, sample.sequence)
            insert.bind(5, sample.intendedNs)
            insert.bind(6, sample.startedNs)
            insert.bind(7, sample.dnsUs)
            insert.bind(8, sample.connectUs)
            insert.bind(9, sample.tlsUs)
            insert.bind(10, sample.ttfbUs)
            insert.bind(11, sample.totalUs)
            insert.bind(12, sample.bytes)
            insert.bind(13, sample.httpStatus.map(Int64.init))
            insert.bind(14, sample.errorClass?.rawValue)
            insert.bind(15, sample.correctedUs)
            insert.bind(16, sample.uploadBytes)
            defer { insert.reset() }
            try insert.step()
        }
        // The run's sample counts (migration 7), in the same transaction, as SampleWriter keeps them.
        var perProbe: [ProbeKind: Int64] = [:]
        for sample in samples { perProbe[sample.probe, default: 0] += 1 }
        let count = try db.prepare(SampleWriter.addCountSQL)
        for (probe, rows) in perProbe {
            count.bind(1, runRowID)
            count.bind(2, providerID)
            count.bind(3, probe.rawValue)
            count.bind(4, rows)
            defer { count.reset() }
            try count.step()
        }
    }

    /// The LLM records of an imported run, through the probe's own record writer (the same
    /// statements, in this transaction); the parsers know no provider id, so it is set here.
    private func insertRecords(_ records: [LLMRequestRecord], runRowID: Int64, providerID: Int64) throws(StoreError) {
        guard !records.isEmpty else { return }
        try LLMRecordWriter(db: db, runRowID: runRowID).insert(records.map { record in
            var record = record
            record.providerID = providerID
            return record
        })
    }
}

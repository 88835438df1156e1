import SondeCore

extension SampleStore {
    /// What `sonde gate` compares of a run's latency samples, per provider by name: only the
    /// columns the gate reads (total time, bytes, whether it failed), streamed from the primary
    /// key into `GateSample`'s arrays, so a run of 4 × 1,000,000 attempts costs 16 bytes per
    /// success instead of a `Sample` row each. Equal to `GateSample.all(load(run))`.
    public func gateSamples(_ run: RunRecord) throws(StoreError) -> [String: GateSample] {
        let runRowID = try rowID(of: run)
        let statement = try db.prepare("""
            SELECT total_us, bytes, CASE WHEN error_class IS NULL THEN 1 ELSE 0 END FROM samples
            WHERE run_id = ? AND provider_id = ? AND probe = 'latency' ORDER BY sequence
            """)
        var result: [String: GateSample] = [:]
        for (id, provider) in try sampleProviders(of: run, probe: .latency) where result[provider.name] == nil {
            statement.reset()
            statement.bind(1, runRowID)
            statement.bind(2, id)
            let expected = try latencyCount(runRowID: runRowID, providerID: id)
            var totals: [Double] = [], throughputs: [Double] = []
            totals.reserveCapacity(expected)
            throughputs.reserveCapacity(expected)
            var attempts = 0, failures = 0
            while try statement.step() {
                attempts += 1
                // As `GateSample(series)`: a success has no error class and a positive total time.
                guard statement.int64(2) == 1, let total = statement.int64(0), total > 0 else {
                    failures += 1
                    continue
                }
                totals.append(Double(total))
                throughputs.append(Double(statement.int64(1) ?? 0) * 1e6 / Double(total))
            }
            result[provider.name] = GateSample(totalsUs: totals, throughputs: throughputs, attempts: attempts, failures: failures)
        }
        return result
    }

    /// The kept count of a provider's latency samples in a run (`run_sample_counts`), 0 if none.
    private func latencyCount(runRowID: Int64, providerID: Int64) throws(StoreError) -> Int {
        let statement = try db.prepare("SELECT samples FROM run_sample_counts WHERE run_id = ? AND provider_id = ? AND probe = 'latency'")
        statement.bind(1, runRowID)
        statement.bind(2, providerID)
        return try statement.step() ? Int(statement.int64(0) ?? 0) : 0
    }
}

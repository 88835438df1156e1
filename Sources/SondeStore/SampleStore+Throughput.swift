import SondeCore

extension SampleStore {
    /// The run's bandwidth samples per provider (in name order), with their upload sizes.
    public func loadBandwidth(_ run: RunRecord) throws(StoreError) -> [ProviderSeries] {
        let statement = try db.prepare("""
            SELECT p.id, p.name, p.kind, p.region, p.jurisdiction, p.endpoint,
                   s.sequence, s.intended_ns, s.started_ns, s.dns_us, s.connect_us, s.tls_us, s.ttfb_us, s.total_us,
                   s.bytes, s.http_status, s.error_class, s.upload_bytes
            FROM samples s JOIN providers p ON p.id = s.provider_id JOIN runs r ON r.id = s.run_id
            WHERE r.uuid = ? AND s.probe = 'bandwidth' ORDER BY p.name, p.id, s.sequence
            """)
        statement.bind(1, run.info.id)
        var series: [ProviderSeries] = []
        var lastID: Int64?
        while try statement.step() {
            let id = statement.int64(0) ?? 0
            if id != lastID {
                series.append(ProviderSeries(provider: provider(statement), samples: []))
                lastID = id
            }
            series[series.count - 1].samples.append(Sample(
                providerID: id, probe: .bandwidth, sequence: statement.int64(6) ?? 0,
                intendedNs: statement.int64(7) ?? 0, startedNs: statement.int64(8) ?? 0,
                dnsUs: statement.int64(9), connectUs: statement.int64(10), tlsUs: statement.int64(11),
                ttfbUs: statement.int64(12), totalUs: statement.int64(13), bytes: statement.int64(14) ?? 0,
                httpStatus: statement.int64(15).map { Int($0) },
                errorClass: statement.string(16).map { ErrorClass(rawValue: $0) ?? .other }))
            series[series.count - 1].samples[series[series.count - 1].samples.count - 1].uploadBytes = statement.int64(17)
        }
        return series
    }

    /// The run's load interval summaries per provider (in name order), in time order.
    public func loadIntervals(_ run: RunRecord) throws(StoreError) -> [(provider: Provider, intervals: [LoadInterval])] {
        let statement = try db.prepare("""
            SELECT p.id, p.name, p.kind, p.region, p.jurisdiction, p.endpoint,
                   h.interval_start_ns, h.interval_ns, h.due, h.sent, h.late, h.ok, h.errors, h.uncorrected_hdr, h.corrected_hdr
            FROM load_histograms h JOIN providers p ON p.id = h.provider_id JOIN runs r ON r.id = h.run_id
            WHERE r.uuid = ? ORDER BY p.name, p.id, h.interval_start_ns
            """)
        statement.bind(1, run.info.id)
        var result: [(provider: Provider, intervals: [LoadInterval])] = []
        var lastID: Int64?
        while try statement.step() {
            let id = statement.int64(0) ?? 0
            if id != lastID {
                result.append((provider(statement), []))
                lastID = id
            }
            guard let uncorrected = LatencyHistogram(encoded: statement.string(13) ?? ""),
                  let corrected = LatencyHistogram(encoded: statement.string(14) ?? "") else {
                throw StoreError(kind: .badData, path: path, message: "a load_histograms row holds a malformed histogram")
            }
            result[result.count - 1].intervals.append(LoadInterval(
                providerID: id, startNs: statement.int64(6) ?? 0, intervalNs: statement.int64(7) ?? 0,
                due: Int(statement.int64(8) ?? 0), sent: Int(statement.int64(9) ?? 0), late: Int(statement.int64(10) ?? 0),
                ok: Int(statement.int64(11) ?? 0), errors: LoadInterval.decodeErrors(statement.string(12) ?? ""),
                uncorrected: uncorrected, corrected: corrected))
        }
        return result
    }

    /// The provider columns 1...5 of a row.
    private func provider(_ statement: any StoreStatement) -> Provider {
        Provider(name: statement.string(1) ?? "", kind: ProviderKind(rawValue: statement.string(2) ?? "") ?? .depin,
                 region: statement.string(3) ?? "", jurisdiction: statement.string(4) ?? "",
                 endpoint: statement.string(5) ?? "")
    }
}

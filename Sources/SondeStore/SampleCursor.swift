import SondeCore

/// Reads one provider's samples of one probe in a run, in schedule order, a row at a time from
/// a prepared statement over the primary key (no sort, nothing held): the `samples` export of a
/// month of runs streams through this.
public final class SampleCursor {
    private let statement: any StoreStatement
    private let probe: ProbeKind

    init(statement: any StoreStatement, probe: ProbeKind) {
        self.statement = statement
        self.probe = probe
    }

    /// The next sample, or `nil` after the last.
    public func next() throws(StoreError) -> Sample? {
        guard try statement.step() else { return nil }
        // Unknown error text reads as `other`, as `SampleStore.load` reads it.
        let errorClass = statement.string(11).map { ErrorClass(rawValue: $0) ?? .other }
        return Sample(providerID: statement.int64(0) ?? 0, probe: probe, sequence: statement.int64(1) ?? 0,
                      intendedNs: statement.int64(2) ?? 0, startedNs: statement.int64(3) ?? 0,
                      dnsUs: statement.int64(4), connectUs: statement.int64(5), tlsUs: statement.int64(6),
                      ttfbUs: statement.int64(7), totalUs: statement.int64(8), bytes: statement.int64(9) ?? 0,
                      httpStatus: statement.int64(10).map { Int($0) }, errorClass: errorClass)
    }
}

extension SampleStore {
    /// The providers with samples of `probe` in `run`, in the order `load` gives them (name, then
    /// id), with their store ids. One primary-key probe per known provider; no scan of the run.
    public func sampleProviders(of run: RunRecord, probe: ProbeKind = .latency) throws(StoreError) -> [(id: Int64, provider: Provider)] {
        let runRowID = try rowID(of: run)
        let statement = try db.prepare("""
            SELECT p.id, p.name, p.kind, p.region, p.jurisdiction, p.endpoint FROM providers p
            WHERE EXISTS (SELECT 1 FROM samples s WHERE s.run_id = ? AND s.provider_id = p.id AND s.probe = ?)
            ORDER BY p.name, p.id
            """)
        statement.bind(1, runRowID)
        statement.bind(2, probe.rawValue)
        var providers: [(id: Int64, provider: Provider)] = []
        while try statement.step() {
            let provider = Provider(name: statement.string(1) ?? "", kind: ProviderKind(rawValue: statement.string(2) ?? "") ?? .depin,
                                    region: statement.string(3) ?? "", jurisdiction: statement.string(4) ?? "",
                                    endpoint: statement.string(5) ?? "")
            providers.append((statement.int64(0) ?? 0, provider))
        }
        return providers
    }

    /// A cursor over the samples of `probe` that provider `providerID` stored in `run`, in
    /// sequence order.
    public func sampleCursor(of run: RunRecord, providerID: Int64, probe: ProbeKind = .latency) throws(StoreError) -> SampleCursor {
        let statement = try db.prepare("""
            SELECT provider_id, sequence, intended_ns, started_ns, dns_us, connect_us, tls_us, ttfb_us, total_us, bytes,
                   http_status, error_class
            FROM samples WHERE run_id = ? AND provider_id = ? AND probe = ? ORDER BY sequence
            """)
        statement.bind(1, try rowID(of: run))
        statement.bind(2, providerID)
        statement.bind(3, probe.rawValue)
        return SampleCursor(statement: statement, probe: probe)
    }
}

import SondeCore

/// Reads one provider's samples of one probe in a run, in schedule order, a row at a time from
/// a prepared statement over the primary key (no sort, nothing held): the `samples` export of a
/// month of runs streams through this. On SQLite one statement steps through the rows; on
/// PostgreSQL, whose statements arrive whole, the cursor reads pages of `pageRows` by key
/// (`sequence > last ORDER BY sequence LIMIT n`, a primary-key range each): memory holds one
/// page, and any other statement may run on the connection between pages.
public final class SampleCursor {
    private let statement: any StoreStatement
    private let probe: ProbeKind
    /// Binds the statement's parameters for the page after `sequence` (nil: the first).
    private let bindPage: (any StoreStatement, Int64?) -> Void
    /// Rows per page, or nil when the statement streams by itself.
    private let pageRows: Int?
    private var rowsInPage = 0
    private var lastSequence: Int64?

    init(statement: any StoreStatement, probe: ProbeKind, pageRows: Int?, bindPage: @escaping (any StoreStatement, Int64?) -> Void) {
        self.statement = statement
        self.probe = probe
        self.pageRows = pageRows
        self.bindPage = bindPage
        bindPage(statement, nil)
    }

    /// The next sample, or `nil` after the last.
    public func next() throws(StoreError) -> Sample? {
        if try !statement.step() {
            // A full page may have a next one; a short page was the last.
            guard let pageRows, rowsInPage == pageRows, let lastSequence else { return nil }
            statement.reset()
            bindPage(statement, lastSequence)
            rowsInPage = 0
            guard try statement.step() else { return nil }
        }
        rowsInPage += 1
        // Unknown error text reads as `other`, as `SampleStore.load` reads it.
        let errorClass = statement.string(11).map { ErrorClass(rawValue: $0) ?? .other }
        let sample = Sample(providerID: statement.int64(0) ?? 0, probe: probe, sequence: statement.int64(1) ?? 0,
                            intendedNs: statement.int64(2) ?? 0, startedNs: statement.int64(3) ?? 0,
                            dnsUs: statement.int64(4), connectUs: statement.int64(5), tlsUs: statement.int64(6),
                            ttfbUs: statement.int64(7), totalUs: statement.int64(8), bytes: statement.int64(9) ?? 0,
                            httpStatus: statement.int64(10).map { Int($0) }, errorClass: errorClass)
        lastSequence = sample.sequence
        return sample
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
        try sampleCursor(of: run, providerID: providerID, probe: probe, pageRows: Self.cursorPageRows)
    }

    /// The cursor with pages of `pageRows` on PostgreSQL (tests use small pages).
    func sampleCursor(of run: RunRecord, providerID: Int64, probe: ProbeKind, pageRows: Int) throws(StoreError) -> SampleCursor {
        let columns = """
            SELECT provider_id, sequence, intended_ns, started_ns, dns_us, connect_us, tls_us, ttfb_us, total_us, bytes,
                   http_status, error_class
            FROM samples WHERE run_id = ? AND provider_id = ? AND probe = ?
            """
        let runRowID = try rowID(of: run)
        let paged = db.dialect == .postgres
        let statement = try db.prepare(paged ? columns + " AND sequence > ? ORDER BY sequence LIMIT \(pageRows)"
                                             : columns + " ORDER BY sequence")
        return SampleCursor(statement: statement, probe: probe, pageRows: paged ? pageRows : nil) { statement, after in
            statement.bind(1, runRowID)
            statement.bind(2, providerID)
            statement.bind(3, probe.rawValue)
            // Sequences start at 0: below that is before the first page.
            if paged { statement.bind(4, after ?? Int64.min) }
        }
    }

    /// Rows per page of a PostgreSQL sample cursor: some 2 MB of result text, a round trip per page.
    static let cursorPageRows = 10_000
}

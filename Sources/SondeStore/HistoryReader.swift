import CSQLite
import SondeCore

/// Reads the runs of a history report one at a time (issue 18: a month of runs, 30,000,000
/// samples, in under 30 s), with its statements prepared once for every run.
///
/// A raw run is one pass over its primary-key range that decodes three columns of each latency
/// row (`RunLatencies`), and a primary-key seek per provider for the heartbeats:
/// `SampleStore.load` builds whole samples, probe by probe, each after a query for the run's
/// providers, so a run's rows were read four times. A pruned run's hourly histograms are read as
/// `LatencyBuckets` (see there), only the total time's.
public final class HistoryReader {
    /// What a history reads of one raw run, per provider in name order (then store id, as
    /// `SampleStore.load` orders them).
    public struct RawRun: Sendable {
        /// The latency probe's attempts.
        public var latency: [RunLatencies]
        /// The availability probe's heartbeats, with the columns the availability analysis reads
        /// (sequence, intended and actual start, total time, error class; the other phase marks,
        /// bytes and status are not read and are left empty).
        public var heartbeats: [ProviderSeries]
    }

    /// What a history reads of one pruned run, per provider in name order (then store id).
    public struct PrunedRun: Sendable {
        /// The latency probe's summaries.
        public var latency: [RunLatencySummary]
        /// The availability probe's summaries (heartbeats included; no histograms).
        public var availability: [RunProbeSummary]
    }

    private let path: String
    /// Every provider stored, by store id (read once: the rows name providers by id).
    private let providers: [Int64: Provider]
    /// Every provider id, ascending (the heartbeats are read provider by provider).
    private let providerIDs: [Int64]
    private let runRowID: any StoreStatement
    private let latency: any StoreStatement
    private let availability: any StoreStatement
    private let summaries: any StoreStatement
    private let histograms: any StoreStatement
    private let heartbeats: any StoreStatement

    /// A reader of `store`'s runs.
    public init(_ store: SampleStore) throws(StoreError) {
        path = store.path
        let db = store.db
        let rows = try db.prepare("SELECT id, name, kind, region, jurisdiction, endpoint FROM providers")
        var providers: [Int64: Provider] = [:]
        while try rows.step() {
            providers[rows.int64(0) ?? 0] = Provider(
                name: rows.string(1) ?? "", kind: ProviderKind(rawValue: rows.string(2) ?? "") ?? .depin,
                region: rows.string(3) ?? "", jurisdiction: rows.string(4) ?? "", endpoint: rows.string(5) ?? "")
        }
        self.providers = providers
        providerIDs = providers.keys.sorted()
        let latency = ProbeKind.latency.rawValue, availability = ProbeKind.availability.rawValue
        runRowID = try db.prepare("SELECT id FROM runs WHERE uuid = ?")
        // Only the three columns a history reads of a latency row are decoded (SQLite computes
        // every result column of every row); the probe's equality keeps the primary key's order.
        self.latency = try db.prepare("""
            SELECT provider_id, intended_ns, CASE WHEN error_class IS NULL THEN total_us END
            FROM samples WHERE run_id = ? AND probe = '\(latency)' ORDER BY provider_id, sequence
            """)
        // One primary-key seek per provider: heartbeats are few, and a filter on the probe alone
        // would scan the run's latency rows again.
        self.availability = try db.prepare("""
            SELECT sequence, intended_ns, started_ns, total_us, error_class
            FROM samples WHERE run_id = ? AND provider_id = ? AND probe = '\(availability)' ORDER BY sequence
            """)
        summaries = try db.prepare("""
            SELECT s.provider_id, s.probe, s.attempts, s.failures, s.errors, s.p50_us, s.p90_us, s.p99_us
            FROM run_summaries s JOIN runs r ON r.id = s.run_id
            WHERE r.uuid = ? AND s.probe IN ('\(latency)', '\(availability)')
            ORDER BY s.provider_id, s.probe
            """)
        histograms = try db.prepare("""
            SELECT h.provider_id, h.hour_start_ns, h.attempts, h.failures, h.histogram
            FROM run_summary_histograms h JOIN runs r ON r.id = h.run_id
            WHERE r.uuid = ? AND h.probe = '\(latency)' AND h.phase = '\(RunProbeSummary.Phase.total.rawValue)'
            ORDER BY h.provider_id, h.hour_start_ns
            """)
        heartbeats = try db.prepare("""
            SELECT h.provider_id, h.sequence, h.intended_ns, h.error_class
            FROM run_summary_heartbeats h JOIN runs r ON r.id = h.run_id
            WHERE r.uuid = ? ORDER BY h.provider_id, h.intended_ns, h.sequence
            """)
    }

    /// The provider a row names; `.badData` naming `table`, the run and the id when the providers
    /// table does not hold it.
    private func provider(_ id: Int64, table: String, run: RunRecord) throws(StoreError) -> Provider {
        guard let provider = providers[id] else {
            throw StoreError(kind: .badData, path: path,
                             message: "\(table): run \(run.info.id) names provider id \(id), which the providers table does not hold")
        }
        return provider
    }

    /// `load`'s order: by provider name, then store id.
    private static func nameOrder<T>(_ items: [(id: Int64, provider: Provider, item: T)]) -> [T] {
        items.sorted { ($0.provider.name, $0.id) < ($1.provider.name, $1.id) }.map(\.item)
    }

    /// `run`'s latency attempts and heartbeats (a raw run), in schedule order per provider.
    /// Unknown error text reads as `other`, as `SampleStore.load` reads it.
    public func raw(_ run: RunRecord) throws(StoreError) -> RawRun {
        runRowID.reset()
        runRowID.bind(1, run.info.id)
        guard try runRowID.step(), let rowID = runRowID.int64(0) else {
            throw StoreError(kind: .notFound, path: path, message: "no run with id '\(run.info.id)'")
        }
        latency.reset()
        latency.bind(1, rowID)
        var groups = LatencyGroups()
        if let sqlite = latency as? SQLiteStatement {
            // Tens of millions of rows: SQLite's C calls directly, one per column known not to be
            // NULL (each call takes the connection's mutex), instead of through the seam.
            let statement = sqlite.statement
            while try sqlite.step() {
                groups.add(providerID: sqlite3_column_int64(statement, 0), intendedNs: sqlite3_column_int64(statement, 1),
                           totalUs: sqlite3_column_type(statement, 2) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, 2))
            }
        } else {
            while try latency.step() {
                groups.add(providerID: latency.int64(0) ?? 0, intendedNs: latency.int64(1) ?? 0, totalUs: latency.int64(2))
            }
        }
        var attempts: [(id: Int64, provider: Provider, item: RunLatencies)] = []
        for group in groups.finish() {
            let provider = try provider(group.id, table: "samples", run: run)
            attempts.append((group.id, provider, RunLatencies(provider: provider, intendedNs: group.intendedNs, totalUs: group.totalUs)))
        }
        var beats: [(id: Int64, provider: Provider, item: ProviderSeries)] = []
        for providerID in providerIDs {
            availability.reset()
            availability.bind(1, rowID)
            availability.bind(2, providerID)
            var samples = SampleColumns()
            while try availability.step() {
                samples.append(Sample(
                    providerID: providerID, probe: .availability, sequence: availability.int64(0) ?? 0,
                    intendedNs: availability.int64(1) ?? 0, startedNs: availability.int64(2) ?? 0, totalUs: availability.int64(3),
                    errorClass: availability.string(4).map { ErrorClass(rawValue: $0) ?? .other }))
            }
            if !samples.isEmpty, let provider = providers[providerID] {
                beats.append((providerID, provider, ProviderSeries(provider: provider, samples: samples)))
            }
        }
        return RawRun(latency: Self.nameOrder(attempts), heartbeats: Self.nameOrder(beats))
    }

    /// Latency rows grouped by provider as they arrive (in provider id order): each group's
    /// arrays are built in local variables, not through an array of tuples (which copied the
    /// tuple, provider strings and all, on every row).
    private struct LatencyGroups {
        struct Group {
            var id: Int64
            var intendedNs: [Int64]
            var totalUs: [Int64?]
        }

        private var groups: [Group] = []
        private var current: Group?

        mutating func add(providerID: Int64, intendedNs: Int64, totalUs: Int64?) {
            if current?.id != providerID {
                if let current { groups.append(current) }
                let capacity = groups.last?.intendedNs.count ?? 1024
                current = Group(id: providerID, intendedNs: [], totalUs: [])
                current!.intendedNs.reserveCapacity(capacity)
                current!.totalUs.reserveCapacity(capacity)
            }
            current!.intendedNs.append(intendedNs)
            current!.totalUs.append(totalUs)
        }

        mutating func finish() -> [Group] {
            if let current { groups.append(current) }
            current = nil
            return groups
        }
    }

    /// `run`'s latency and availability summaries (a pruned run). A stored row that cannot be
    /// read (unknown probe or error class, a histogram in another form) is `.badData` naming the
    /// table, run and provider, as `SampleStore.summaries` reports it.
    public func pruned(_ run: RunRecord) throws(StoreError) -> PrunedRun {
        summaries.reset()
        summaries.bind(1, run.info.id)
        var latency: [(id: Int64, provider: Provider, item: RunLatencySummary)] = []
        var availability: [(id: Int64, provider: Provider, item: RunProbeSummary)] = []
        while try summaries.step() {
            let providerID = summaries.int64(0) ?? 0
            let provider = try provider(providerID, table: "run_summaries", run: run)
            let place = "run_summaries: run \(run.info.id), provider \(provider.name)"
            guard let errors = RunProbeSummary.errors(summaries.string(4) ?? "") else {
                throw StoreError(kind: .badData, path: path, message: "\(place): errors '\(summaries.string(4) ?? "")' is not class=count pairs")
            }
            let attempts = Int(summaries.int64(2) ?? 0), failures = Int(summaries.int64(3) ?? 0)
            if summaries.string(1) == ProbeKind.latency.rawValue {
                latency.append((providerID, provider, RunLatencySummary(
                    provider: provider, attempts: attempts, failures: failures, p50Us: summaries.double(5), p99Us: summaries.double(7),
                    hours: [])))
            } else {
                availability.append((providerID, provider, RunProbeSummary(
                    provider: provider, probe: .availability, attempts: attempts, failures: failures, errors: errors,
                    p50Us: summaries.double(5), p90Us: summaries.double(6), p99Us: summaries.double(7), hours: [], heartbeats: [])))
            }
        }
        if !latency.isEmpty {
            try Self.joinRows(histograms, run: run, providerIDs: latency.map(\.id)) { slot throws(StoreError) in
                let hourStart = histograms.int64(1) ?? 0
                guard let total = LatencyBuckets(compact: histograms.blob(4)) else {
                    throw StoreError(kind: .badData, path: path, message: "run_summary_histograms: run \(run.info.id), provider "
                        + "\(latency[slot].provider.name), total at \(hourStart): unreadable histogram")
                }
                latency[slot].item.hours.append(RunLatencySummary.Hour(
                    startNs: hourStart, attempts: Int(histograms.int64(2) ?? 0), failures: Int(histograms.int64(3) ?? 0), total: total))
            }
        }
        if !availability.isEmpty {
            try Self.joinRows(heartbeats, run: run, providerIDs: availability.map(\.id)) { slot throws(StoreError) in
                let intended = heartbeats.int64(2) ?? 0
                availability[slot].item.heartbeats.append(Sample(
                    providerID: availability[slot].id, probe: .availability, sequence: heartbeats.int64(1) ?? 0, intendedNs: intended,
                    startedNs: intended, errorClass: heartbeats.string(3).map { ErrorClass(rawValue: $0) ?? .other }))
            }
        }
        return PrunedRun(latency: Self.nameOrder(latency), availability: Self.nameOrder(availability))
    }

    /// Runs `rows` for `run` (its one parameter) and calls `body` with the index in `providerIDs`
    /// of each row's provider (column 0). Both come in provider id order, as the summaries do, so
    /// one pass matches them; rows of a provider not in `providerIDs` are skipped.
    private static func joinRows(_ rows: any StoreStatement, run: RunRecord, providerIDs: [Int64],
                                 _ body: (Int) throws(StoreError) -> Void) throws(StoreError) {
        rows.reset()
        rows.bind(1, run.info.id)
        var slot = 0
        while try rows.step() {
            let providerID = rows.int64(0) ?? 0
            while slot < providerIDs.count && providerIDs[slot] < providerID { slot += 1 }
            guard slot < providerIDs.count, providerIDs[slot] == providerID else { continue }
            try body(slot)
        }
    }
}

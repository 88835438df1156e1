import SondeCore

/// How a command names a run.
public enum RunSelector: Sendable, Equatable {
    /// The most recently started run.
    case last
    /// A run id, or an unambiguous prefix of one.
    case id(String)
    /// The most recent run with this label.
    case label(String)
    /// A run id (or prefix) if one matches, else the most recent run with this label.
    case idOrLabel(String)

    /// `last`, or an id or label.
    public static func parse(_ text: String) -> RunSelector {
        text == "last" ? .last : .idOrLabel(text)
    }
}

extension SampleStore {
    static let runColumns = "uuid, started_at_ns, finished_at_ns, status, label, vantage, host, sonde_version, config_hash, config_text"

    /// Every run, newest first.
    public func runs() throws(StoreError) -> [RunRecord] {
        try records("SELECT \(Self.runColumns) FROM runs ORDER BY started_at_ns DESC, id DESC")
    }

    /// The run `selector` names. Each case is one indexed lookup (migration 7's `runs_started`,
    /// `runs_label`, the unique uuid), so naming a run costs the same with 10 runs or 10,000.
    public func run(_ selector: RunSelector) throws(StoreError) -> RunRecord {
        let matches: [RunRecord]
        switch selector {
        case .last:
            matches = try records("SELECT \(Self.runColumns) FROM runs ORDER BY started_at_ns DESC, id DESC LIMIT 1")
        case let .label(label):
            matches = try records("SELECT \(Self.runColumns) FROM runs WHERE label = ? ORDER BY started_at_ns DESC, id DESC LIMIT 1",
                                  label)
        case let .idOrLabel(text):
            if let byID = try? run(.id(text)) { return byID }
            if let byLabel = try? run(.label(text)) { return byLabel }
            matches = []
        case let .id(prefix):
            let exact = try records("SELECT \(Self.runColumns) FROM runs WHERE uuid = ?", prefix)
            // GLOB keeps the prefix search on the uuid index; a prefix with GLOB's own
            // metacharacters cannot be part of a uuid.
            let lowered = prefix.lowercased()
            let pattern = lowered.contains(where: { "*?[]".contains($0) }) ? nil : lowered + "*"
            if exact.isEmpty, let pattern {
                matches = try records("SELECT \(Self.runColumns) FROM runs WHERE \(db.dialect.glob("uuid")) ORDER BY uuid LIMIT 2",
                                      db.dialect.globPattern(pattern))
            } else {
                matches = exact
            }
            if matches.count > 1 {
                throw StoreError(kind: .notFound, path: path, message: "run id prefix '\(prefix)' is ambiguous")
            }
        }
        guard let match = matches.first else {
            let what: String
            switch selector {
            case .last: what = "no runs stored yet"
            case let .label(label): what = "no run labelled '\(label)'"
            case let .id(id): what = "no run with id '\(id)'"
            case let .idOrLabel(text): what = "no run with id or label '\(text)'"
            }
            throw StoreError(kind: .notFound, path: path, message: what)
        }
        return match
    }

    /// Runs `sql` (selecting `runColumns`) with text parameters, as records.
    private func records(_ sql: String, _ parameters: String...) throws(StoreError) -> [RunRecord] {
        let statement = try db.prepare(sql)
        for (index, value) in parameters.enumerated() { statement.bind(Int32(index + 1), value) }
        var records: [RunRecord] = []
        while try statement.step() { records.append(Self.record(statement)) }
        return records
    }

    /// A run record from a row of `runColumns`.
    static func record(_ statement: any StoreStatement, from first: Int32 = 0) -> RunRecord {
        let info = RunInfo(id: statement.string(first) ?? "", startedNs: statement.int64(first + 1) ?? 0,
                           label: statement.string(first + 4), vantage: statement.string(first + 5), host: statement.string(first + 6),
                           sondeVersion: statement.string(first + 7) ?? "", configHash: statement.string(first + 8) ?? "",
                           configText: statement.string(first + 9) ?? "")
        return RunRecord(info: info, finishedNs: statement.int64(first + 2),
                         status: RunStatus(rawValue: statement.string(first + 3) ?? "") ?? .failed)
    }

    /// The run's samples of `probe`, grouped by provider (in name order) and in schedule order.
    public func load(_ run: RunRecord, probe: ProbeKind = .latency) throws(StoreError) -> RunData {
        let providers = try db.prepare("""
            SELECT DISTINCT p.id, p.name, p.kind, p.region, p.jurisdiction, p.endpoint
            FROM providers p JOIN samples s ON s.provider_id = p.id JOIN runs r ON r.id = s.run_id
            WHERE r.uuid = ? AND s.probe = ? ORDER BY p.name, p.id
            """)
        providers.bind(1, run.info.id)
        providers.bind(2, probe.rawValue)
        var series: [ProviderSeries] = []
        var index: [Int64: Int] = [:]
        while try providers.step() {
            let id = providers.int64(0) ?? 0
            let provider = Provider(name: providers.string(1) ?? "", kind: ProviderKind(rawValue: providers.string(2) ?? "") ?? .depin,
                                    region: providers.string(3) ?? "", jurisdiction: providers.string(4) ?? "",
                                    endpoint: providers.string(5) ?? "")
            index[id] = series.count
            series.append(ProviderSeries(provider: provider, samples: []))
        }
        let samples = try db.prepare("""
            SELECT s.provider_id, s.sequence, s.intended_ns, s.started_ns, s.dns_us, s.connect_us, s.tls_us, s.ttfb_us,
                   s.total_us, s.bytes, s.http_status, s.error_class
            FROM samples s JOIN runs r ON r.id = s.run_id
            WHERE r.uuid = ? AND s.probe = ? ORDER BY s.provider_id, s.sequence
            """)
        samples.bind(1, run.info.id)
        samples.bind(2, probe.rawValue)
        while try samples.step() {
            let providerID = samples.int64(0) ?? 0
            guard let slot = index[providerID] else { continue }
            let errorText = samples.string(11)
            let errorClass = errorText.map { ErrorClass(rawValue: $0) ?? .other }
            series[slot].samples.append(Sample(
                providerID: providerID, probe: probe, sequence: samples.int64(1) ?? 0,
                intendedNs: samples.int64(2) ?? 0, startedNs: samples.int64(3) ?? 0,
                dnsUs: samples.int64(4), connectUs: samples.int64(5), tlsUs: samples.int64(6),
                ttfbUs: samples.int64(7), totalUs: samples.int64(8), bytes: samples.int64(9) ?? 0,
                httpStatus: samples.int64(10).map { Int($0) }, errorClass: errorClass))
        }
        return RunData(run: run, series: series)
    }

    /// Number of samples stored for a run.
    public func sampleCount(_ run: RunRecord) throws(StoreError) -> Int {
        let statement = try db.prepare("SELECT count(*) FROM samples s JOIN runs r ON r.id = s.run_id WHERE r.uuid = ?")
        statement.bind(1, run.info.id)
        try statement.step()
        return Int(statement.int64(0) ?? 0)
    }
}

/// When a selection of runs is one plan run from several vantage points at once, and how their
/// stored parts become one set of parts for a single comparison (docs/history.md, "Several
/// vantage points of one plan"). Pure.
///
/// A provider is the same provider across runs when its name, kind and region are the same: its
/// endpoint is not part of its identity, because every agent reaches it through its own address
/// (an emulated fleet listens on other ports on every machine, a proxy or a private link may sit
/// in front). Latency, tcp and bandwidth attempts are pooled per provider across vantage points;
/// the parts that are sequences in time of one observer (heartbeats, load intervals, LLM requests
/// and capacity sweeps, provisioning) stay per vantage point, named `provider @ vantage`.
public enum VantagePooling {
    /// Runs that cannot be pooled: they do not share one plan, or two come from one vantage point.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// One line naming the runs and what differs.
        public var description: String
    }

    /// One selected run with everything the report reads of it.
    public struct Member: Sendable {
        public var record: RunRecord
        public var parts: RunParts
        public var settings: StoredSettings

        public init(record: RunRecord, parts: RunParts, settings: StoredSettings) {
            self.record = record
            self.parts = parts
            self.settings = settings
        }

        /// The run's vantage point as stored.
        public var vantage: String { record.info.vantage ?? "" }
    }

    /// Whether a selection looks like one plan from several vantage points without reading any
    /// configuration: at least two runs, each with a vantage point, all distinct, and one label
    /// (or none) shared by all. `sonde report` then pools them (after `check` confirms the plan);
    /// anything else with several runs is a history.
    public static func looksPooled(_ records: [RunRecord]) -> Bool {
        guard records.count >= 2 else { return false }
        let vantages = records.map { $0.info.vantage ?? "" }
        guard !vantages.contains(""), Set(vantages).count == vantages.count else { return false }
        return Set(records.map { $0.info.label ?? "" }).count == 1
    }

    /// Throws unless every run has a vantage point of its own and all were made with one plan:
    /// the same configuration apart from the providers' endpoints (and where it was read from).
    public static func check(_ runs: [(record: RunRecord, settings: StoredSettings)]) throws(Problem) {
        guard runs.count >= 2 else { throw Problem(description: "pooling vantage points needs at least two runs; \(runs.count) selected") }
        var seen: [String: String] = [:]
        for (record, _) in runs {
            let vantage = record.info.vantage ?? ""
            guard !vantage.isEmpty else {
                throw Problem(description: "run \(record.info.id) has no vantage point (sonde run --vantage V): it cannot be pooled by vantage")
            }
            if let other = seen[vantage] {
                throw Problem(description: "runs \(other) and \(record.info.id) are both from vantage '\(vantage)': "
                    + "pooling takes one run per vantage point (select one of them, e.g. with --run)")
            }
            seen[vantage] = record.info.id
        }
        let first = runs[0]
        for other in runs.dropFirst() {
            let differing = differences(first.settings.config, other.settings.config)
            guard differing.isEmpty else {
                throw Problem(description: "runs \(first.record.info.id) (\(first.record.info.vantage ?? "")) and "
                    + "\(other.record.info.id) (\(other.record.info.vantage ?? "")) were made with different plans "
                    + "(\(differing.joined(separator: ", ")) differ): only runs of one plan are pooled into one comparison")
            }
        }
    }

    /// The parts of a configuration that differ between two runs' plans, by their configuration
    /// names; empty when the plans are the same. Endpoints, the source and the text are not
    /// compared (see the type's comment).
    static func differences(_ a: Config?, _ b: Config?) -> [String] {
        guard let a, let b else { return a == nil && b == nil ? [] : ["the stored configuration (one run stored none)"] }
        var out: [String] = []
        func note(_ name: String, _ same: Bool) { if !same { out.append(name) } }
        note("providers", a.providers.map(planned) == b.providers.map(planned))
        note("probes.latency", a.latency == b.latency && a.runsLatency == b.runsLatency)
        note("probes.bandwidth", a.bandwidth == b.bandwidth)
        note("probes.load", a.load == b.load)
        note("probes.llm", a.llm == b.llm)
        note("probes.availability", a.availability == b.availability)
        note("probes (other kinds)", a.sections == b.sections)
        note("analysis", a.analysis == b.analysis)
        note("workloads", a.workloads == b.workloads)
        note("prices", a.currency == b.currency)
        return out
    }

    /// A provider entry as planned: everything but the endpoint.
    private static func planned(_ provider: ProviderConfig) -> ProviderConfig {
        var copy = provider
        copy.endpoint = ""
        return copy
    }

    /// The identity a provider keeps across vantage points.
    struct Identity: Hashable {
        var name: String
        var kind: ProviderKind
        var region: String

        init(_ provider: Provider) {
            name = provider.name
            kind = provider.kind
            region = provider.region
        }
    }

    /// One set of parts for the members (ordered by vantage point): latency, bandwidth and every
    /// attempt-like kind pooled per provider identity, each vantage's samples in their own time
    /// order one after the other; heartbeats, load intervals, LLM requests and provisioning kept
    /// per vantage as providers named `provider @ vantage`. Pooled samples carry one provider
    /// id per identity, per-vantage ones an id of their own (negative, so no stored id clashes).
    public static func pool(_ members: [Member]) -> RunParts {
        let ordered = members.sorted { $0.vantage < $1.vantage }
        var ids = IDs()
        let latency = pool(ordered.map(\.parts.latency.series), ids: &ids)
        var attempts: [ProbeKind: [ProviderSeries]] = [:]
        for kind in Set(ordered.flatMap { $0.parts.attempts.keys }).sorted(by: { $0.rawValue < $1.rawValue }) {
            attempts[kind] = pool(ordered.map { $0.parts.attempts[kind] ?? [] }, ids: &ids)
        }
        var heartbeats: [ProviderSeries] = []
        var llm: [LLMProviderData] = []
        var load: [(provider: Provider, intervals: [LoadInterval])] = []
        var provisions: [ProvisionRecord] = []
        for member in ordered {
            let vantage = member.vantage
            for series in member.parts.heartbeats {
                let id = ids.perVantage(series.provider, vantage)
                heartbeats.append(ProviderSeries(provider: named(series.provider, vantage),
                                                 samples: series.samples.map { $0.with(providerID: id) }))
            }
            for data in member.parts.llm {
                let id = ids.perVantage(data.provider, vantage)
                let records = data.records.values.sorted { $0.sequence < $1.sequence }.map { record -> LLMRequestRecord in
                    var copy = record
                    copy.providerID = id
                    return copy
                }
                llm.append(LLMProviderData(provider: named(data.provider, vantage), samples: data.samples.map { $0.with(providerID: id) },
                                           records: records))
            }
            for entry in member.parts.loadIntervals {
                let id = ids.perVantage(entry.provider, vantage)
                load.append((named(entry.provider, vantage), entry.intervals.map { interval in
                    var copy = interval
                    copy.providerID = id
                    return copy
                }))
            }
            provisions += member.parts.provisions.map { record in
                var copy = record
                copy.provider = "\(record.provider) @ \(vantage)"
                return copy
            }
        }
        let run = pooledRecord(ordered.map(\.record))
        return RunParts(latency: RunData(run: run, series: latency), bandwidth: pool(ordered.map(\.parts.bandwidth), ids: &ids),
                        loadIntervals: load, llm: llm, heartbeats: heartbeats, provisions: provisions, attempts: attempts)
    }

    /// The runs as one record: the ids joined by `+` (so every format names every run), the
    /// vantage points joined the same way, from the first start to the last finish; complete
    /// only when every run completed, else the first other status in vantage order.
    static func pooledRecord(_ records: [RunRecord]) -> RunRecord {
        let first = records[0].info
        let info = RunInfo(id: records.map(\.info.id).joined(separator: "+"), startedNs: records.map(\.info.startedNs).min() ?? 0,
                           label: first.label, vantage: records.map { $0.info.vantage ?? "" }.joined(separator: "+"),
                           host: nil, sondeVersion: first.sondeVersion, configHash: first.configHash, configText: first.configText)
        let finished = records.allSatisfy { $0.finishedNs != nil } ? records.compactMap(\.finishedNs).max() : nil
        let status = records.first { $0.status != .complete }?.status ?? .complete
        return RunRecord(info: info, finishedNs: finished, status: status)
    }

    /// Series of several runs pooled per provider identity, in first-seen order.
    static func pool(_ runs: [[ProviderSeries]], ids: inout IDs) -> [ProviderSeries] {
        var order: [Identity] = []
        var pooled: [Identity: ProviderSeries] = [:]
        for series in runs.joined() {
            let identity = Identity(series.provider)
            let id = ids.pooled(identity, fallback: series.samples.first?.providerID ?? 0)
            let samples = series.samples.map { $0.with(providerID: id) }
            if pooled[identity] == nil {
                order.append(identity)
                pooled[identity] = ProviderSeries(provider: series.provider, samples: samples)
            } else {
                pooled[identity]!.samples += samples
            }
        }
        return order.map { pooled[$0]! }
    }

    /// `provider` renamed `provider @ vantage`.
    static func named(_ provider: Provider, _ vantage: String) -> Provider {
        var copy = provider
        copy.name = "\(provider.name) @ \(vantage)"
        return copy
    }

    /// Provider ids of the pooled parts: one per identity (the first stored id seen), and one
    /// per identity and vantage point for the parts kept apart.
    struct IDs {
        var pooledIDs: [Identity: Int64] = [:]
        var vantageIDs: [String: Int64] = [:]

        mutating func pooled(_ identity: Identity, fallback: Int64) -> Int64 {
            if let id = pooledIDs[identity] { return id }
            pooledIDs[identity] = fallback
            return fallback
        }

        mutating func perVantage(_ provider: Provider, _ vantage: String) -> Int64 {
            let key = "\(provider.name)\u{0}\(provider.kind.rawValue)\u{0}\(provider.region)\u{0}\(vantage)"
            if let id = vantageIDs[key] { return id }
            let id = -Int64(vantageIDs.count + 1)
            vantageIDs[key] = id
            return id
        }
    }
}

extension Sample {
    /// The same sample attributed to provider `id`.
    func with(providerID id: Int64) -> Sample {
        var copy = self
        copy.providerID = id
        return copy
    }
}

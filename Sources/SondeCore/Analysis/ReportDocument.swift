/// The JSON report (`sonde report --format json`), schema `sonde.report/2`, documented in
/// docs/json-report.md. It carries the statistics, the comparisons and the raw successful total
/// times and bytes (packed: `RawSeries`), so a committed file can serve later as a CI baseline
/// with full statistics. Documents of `sonde.report/1` (the same fields, raw samples as JSON
/// arrays) still decode.
/// Keys are written in snake_case (`total_us`). Decoding it back is part of the contract: add fields, never rename or remove them within a
/// schema version.
public struct ReportDocument: Sendable, Codable, Equatable {
    /// The schema identifier written into every document.
    public static let currentSchema = "sonde.report/2"
    /// The schemas this sonde reads: the current one and `sonde.report/1`, whose raw samples are
    /// plain arrays (committed baselines written before issue 17).
    public static let readableSchemas = ["sonde.report/1", "sonde.report/2"]

    public var schema: String
    public var sondeVersion: String
    public var run: LatencyAnalysis.RunSummary
    public var providers: [LatencyAnalysis.ProviderLatency]
    /// `nil` when there was no baseline to compare with.
    public var analysis: VarianceAnalysis?
    /// Why `analysis` is missing, when it is.
    public var analysisNote: String?
    public var samples: [RawSeries]
    /// How the report was produced, when the producing command says so.
    public var provenance: String?
    /// LLM probe: TTFT and TPOT of successful requests per provider, in request order (µs);
    /// absent when the run had no LLM probe.
    public var llm: [LLMRaw]?
    /// Heartbeat probe: per provider availability, interruption episodes, MTBF with its interval
    /// and checkpoint advice; absent when the run had no availability probe.
    public var availability: AvailabilityAnalysis?
    /// LLM capacity sweep: per provider the steps and the knee (a baseline for the capacity
    /// gate rule); absent when no provider swept.
    public var capacity: [CapacityDocument]? = nil
    /// Time-to-provision per provider and stage; absent when the run provisioned nothing.
    public var provisioning: ProvisioningDocument?
    /// Several vantage points of one plan pooled: the runs, per provider and vantage point the
    /// rows, and the pooled and within-vantage spread ratios; absent for a single run.
    public var vantages: VantageAnalysis? = nil
    /// Every section of the report model (tables as formatted in every format: bandwidth, load,
    /// LLM and the rest); absent in documents written before sections existed.
    public var sections: [ReportSection]?
    /// How the run's stored settings were read (e.g. unknown keys ignored); absent when nothing to say.
    public var notes: [String]?

    /// One provider's LLM timings: all its requests, or for a capacity sweep one entry per step
    /// (`step`, `kind` and `offered_rate` set; TTFT then counted from the intended send time, as
    /// the capacity section does), so that a gate compares steps at the same offered rate.
    public struct LLMRaw: Sendable, Codable, Equatable {
        public var provider: String
        public var ttftUs: [Int64]
        public var tpotUs: [Int64]
        /// The sweep step's index; absent for a plain LLM run (and in reports written before
        /// timings per step, where a sweep's steps were pooled).
        public var step: Int? = nil
        /// The sweep step's kind (synchronous, throughput, rate); absent outside a sweep.
        public var kind: LLMSweepStepKind? = nil
        /// Requests per second the step offered; absent outside a sweep.
        public var offeredRate: Double? = nil

        public init(provider: String, ttftUs: [Int64], tpotUs: [Int64]) {
            self.provider = provider
            self.ttftUs = ttftUs
            self.tpotUs = tpotUs
        }

        /// One sweep step's entry.
        public init(provider: String, step: LLMStepTimings) {
            self.init(provider: provider, ttftUs: step.ttftUs, tpotUs: step.tpotUs)
            self.step = step.step
            kind = step.kind
            offeredRate = step.offeredRate
        }

        /// The entry as a sweep step, when it is one.
        public var stepTimings: LLMStepTimings? {
            guard let step, let kind, let offeredRate else { return nil }
            return LLMStepTimings(step: step, kind: kind, offeredRate: offeredRate, ttftUs: ttftUs, tpotUs: tpotUs)
        }
    }

    public init(data: RunData, latency: LatencyAnalysis, analysis: VarianceAnalysis?, analysisNote: String?) {
        schema = Self.currentSchema
        sondeVersion = SondeVersion.current
        run = latency.run
        providers = latency.providers
        self.analysis = analysis
        self.analysisNote = analysisNote
        // Packed straight from the samples: no intermediate arrays of every total (issue 17).
        samples = data.series.map { series in
            var totals = DeltaVarintColumn(), bytes = DeltaVarintColumn()
            totals.reserveCapacity(series.samples.count)
            for sample in series.samples where sample.succeeded {
                guard let total = sample.totalUs else { continue }
                totals.append(total)
                bytes.append(sample.bytes)
            }
            return RawSeries(provider: series.provider.name, probe: .latency, totals: totals, bytes: bytes)
        }
    }
}

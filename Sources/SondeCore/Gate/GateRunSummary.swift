/// What a multi-run baseline keeps of one run: per provider, the attempt and failure counts and
/// the one number per gate metric that a rule compares across runs (the run's Harrell–Davis
/// quantiles, spread, mean throughput, error rate, LLM timings). A few dozen numbers per run and
/// provider instead of its samples, so a committed baseline of many runs stays small
/// (`MultiRunBaseline`, docs/json-report.md "sonde.baseline/1").
public struct GateRunSummary: Sendable, Equatable, Codable {
    /// One provider in the run.
    public struct ProviderSummary: Sendable, Equatable, Codable {
        /// The provider's name.
        public var name: String
        /// Latency-probe attempts, failed ones included.
        public var attempts: Int
        /// Failed latency-probe attempts.
        public var failures: Int
        /// The run's statistic per metric, keyed by the rules-file name (`p50_total`, µs); a metric
        /// the run has too little data for is absent.
        public var statistics: [String: Double]

        /// A provider summary from its parts.
        public init(name: String, attempts: Int, failures: Int, statistics: [String: Double]) {
            self.name = name
            self.attempts = attempts
            self.failures = failures
            self.statistics = statistics
        }

        /// The statistic of `metric`, when the run had data for it.
        public func value(_ metric: GateRules.Metric) -> Double? { statistics[metric.rawValue] }

        enum CodingKeys: String, CodingKey {
            case name, attempts, failures, statistics
        }
    }

    /// The run's id.
    public var runID: String
    /// The run's label, if any.
    public var label: String?
    /// Where the run's probes ran from, if recorded.
    public var vantage: String?
    /// When the run started, nanoseconds since the epoch.
    public var startedNs: Int64
    /// By name.
    public var providers: [ProviderSummary]

    /// A run summary from its parts (providers are sorted by name).
    public init(runID: String, label: String?, vantage: String?, startedNs: Int64, providers: [ProviderSummary]) {
        self.runID = runID
        self.label = label
        self.vantage = vantage
        self.startedNs = startedNs
        self.providers = providers.sorted { $0.name < $1.name }
    }

    /// The summary of a run's gate samples (`GateSample.all` of the run).
    public init(runID: String, label: String?, vantage: String?, startedNs: Int64, samples: [String: GateSample]) {
        self.init(runID: runID, label: label, vantage: vantage, startedNs: startedNs,
                  providers: samples.map { name, sample in
                      ProviderSummary(name: name, attempts: sample.attempts, failures: sample.failures,
                                      statistics: Self.statistics(sample))
                  })
    }

    /// The summary of a stored run's gate samples.
    public init(_ run: RunInfo, samples: [String: GateSample]) {
        self.init(runID: run.id, label: run.label, vantage: run.vantage, startedNs: run.startedNs, samples: samples)
    }

    /// The provider called `name`, if the run had it.
    public func provider(_ name: String) -> ProviderSummary? { providers.first { $0.name == name } }

    /// Fewest values a per-run statistic is computed from: the single-run gate's four a side.
    public static let minimumValues = 4

    /// The per-run statistic of every metric `sample` has data for, with the estimators the
    /// single-run gate compares (`GateStatistics`): Harrell–Davis quantiles, variance (n − 1),
    /// type-7 IQR, unscaled MAD, mean throughput, failures / attempts.
    public static func statistics(_ sample: GateSample) -> [String: Double] {
        var out: [String: Double] = [:]
        let totals = sample.totalsUs.sorted()
        if totals.count >= minimumValues {
            for (metric, p) in [(GateRules.Metric.p50Total, 0.5), (.p90Total, 0.9), (.p99Total, 0.99)] {
                out[metric.rawValue] = HarrellDavis(p: p, count: totals.count).estimate(sorted: totals)
            }
            if let spread = SpreadStatistics(totals) {
                out[GateRules.Metric.varianceTotal.rawValue] = spread.variance
                out[GateRules.Metric.iqrTotal.rawValue] = spread.iqr
                out[GateRules.Metric.madTotal.rawValue] = spread.mad
            }
        }
        if sample.throughputs.count >= minimumValues {
            out[GateRules.Metric.throughput.rawValue] = sample.throughputs.reduce(0, +) / Double(sample.throughputs.count)
        }
        if sample.attempts > 0 {
            out[GateRules.Metric.errorRate.rawValue] = Double(sample.failures) / Double(sample.attempts)
        }
        for (metric, values, p) in [(GateRules.Metric.p50TTFT, sample.ttftUs, 0.5), (.p99TTFT, sample.ttftUs, 0.99),
                                    (.p50TPOT, sample.tpotUs, 0.5), (.p99TPOT, sample.tpotUs, 0.99)]
            where values.count >= minimumValues {
            out[metric.rawValue] = HarrellDavis(p: p, count: values.count).estimate(sorted: values.sorted())
        }
        return out
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id"
        case label, vantage
        case startedNs = "started_ns"
        case providers
    }
}

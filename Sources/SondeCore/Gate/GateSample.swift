/// What the gate needs of one provider on one side: successful total times in schedule order,
/// bytes per second of those attempts, and attempt and failure counts. Built from a stored run
/// or from a committed JSON report, so both kinds of baseline compare the same way.
public struct GateSample: Sendable, Equatable {
    public var totalsUs: [Double]
    public var throughputs: [Double]
    public var attempts: Int
    public var failures: Int
    /// LLM probe: time to first token and time per output token of successful requests, µs.
    public var ttftUs: [Double] = []
    public var tpotUs: [Double] = []
    /// LLM capacity sweep: the steps and the knee, for the `capacity` rule.
    public var capacity: CapacityAnalysis.Provider? = nil
    /// LLM capacity sweep: TTFT and TPOT per step, which the LLM timing rules compare step by
    /// step instead of `ttftUs`/`tpotUs` (GateEvaluator+LLMSteps.swift).
    public var llmSteps: [LLMStepTimings] = []

    public init(totalsUs: [Double], throughputs: [Double], attempts: Int, failures: Int) {
        self.totalsUs = totalsUs
        self.throughputs = throughputs
        self.attempts = attempts
        self.failures = failures
    }

    /// From stored samples.
    public init(_ series: ProviderSeries) {
        var totals: [Double] = []
        var throughputs: [Double] = []
        var failures = 0
        for sample in series.samples {
            guard sample.succeeded, let total = sample.totalUs, total > 0 else {
                failures += 1
                continue
            }
            totals.append(Double(total))
            throughputs.append(Double(sample.bytes) * 1e6 / Double(total))
        }
        self.init(totalsUs: totals, throughputs: throughputs, attempts: series.samples.count, failures: failures)
    }

    /// Every provider of a stored run, by name.
    public static func all(_ data: RunData) -> [String: GateSample] {
        Dictionary(data.series.map { ($0.provider.name, GateSample($0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Adds LLM requests' TTFT and TPOT to the providers they belong to (adding providers that
    /// only ran the LLM probe).
    public static func attach(_ llm: [LLMSeries], to samples: inout [String: GateSample]) {
        for series in llm {
            var sample = samples[series.provider.name] ?? GateSample(totalsUs: [], throughputs: [], attempts: 0, failures: 0)
            sample.ttftUs = series.ttftUs.map(Double.init)
            sample.tpotUs = series.tpotUs.map(Double.init)
            samples[series.provider.name] = sample
        }
    }

    /// Every provider of a JSON report, by name. Throughput needs the per-attempt bytes that
    /// reports carry since `bytes` was added; without them it stays empty. A success with a
    /// total of 0 counts as a failure, as `init(_ series:)` counts it, so a file baseline and the
    /// run it came from give the gate the same values.
    public static func all(_ document: ReportDocument) -> [String: GateSample] {
        var result: [String: GateSample] = [:]
        for provider in document.providers {
            let name = provider.provider.name
            let raw = document.samples.first { $0.provider == name && $0.probe == .latency }
            let rawTotals = raw?.totalUs ?? []
            let rawBytes = raw?.bytes.flatMap { $0.count == rawTotals.count ? $0 : nil }
            var totals: [Double] = [], throughputs: [Double] = [], zero = 0
            totals.reserveCapacity(rawTotals.count)
            throughputs.reserveCapacity(rawBytes == nil ? 0 : rawTotals.count)
            for (index, total) in rawTotals.enumerated() {
                guard total > 0 else {
                    zero += 1
                    continue
                }
                totals.append(Double(total))
                if let rawBytes { throughputs.append(Double(rawBytes[index]) * 1e6 / Double(total)) }
            }
            result[name] = GateSample(totalsUs: totals, throughputs: throughputs, attempts: provider.attempts,
                                      failures: provider.attempts - provider.successes + zero)
        }
        // Entries with a step are a sweep's, one per step (docs/json-report.md); the others pool a provider's requests.
        let llm = document.llm ?? []
        attach(llm.filter { $0.step == nil }.map { LLMSeries(provider: Provider(name: $0.provider, kind: .depin, region: "", endpoint: ""),
                                                                 ttftUs: $0.ttftUs, tpotUs: $0.tpotUs) }, to: &result)
        attach(steps: llm.compactMap { entry in entry.stepTimings.map { (name: entry.provider, step: $0) } }, to: &result)
        attach(capacity: (document.capacity ?? []).map { ($0.provider, $0.sweep) }, to: &result)
        return result
    }
}

/// How many values a side a gate comparison needs to detect a given change, from a pilot run:
/// the answer of `sonde plan`.
///
/// Each provider's pilot series stands in for both sides: the permutation distribution of the
/// metric's log ratio is taken over the pilot pooled with itself (relabelling 2n values into two
/// groups of n has the spread of two independent n-samples from the pilot's law), and
/// `DetectableChange.samplesPerSide(toDetect:)` scales it as 1/√n. The same statistic, level,
/// relabelling scheme (blocks under serial dependence) and seed as `sonde gate`.
public struct GatePlan: Sendable, Equatable {
    /// One provider's answer.
    public struct Row: Sendable, Equatable {
        /// The provider.
        public var provider: String
        /// Values in its pilot series.
        public var pilotCount: Int
        /// The smallest change the test detects with `power` at the pilot's size a side (a share,
        /// positive for an increase, negative for a decrease).
        public var detectableAtPilot: Double
        /// Values a side to detect `change` with `power` (the test alone; a rule's limit must also
        /// be below the change to fail).
        public var samplesPerSide: Int
    }

    /// The metric planned for.
    public var metric: GateRules.Metric
    /// The relative change to detect, e.g. 0.10 (or −0.10).
    public var change: Double
    /// The power asked for, e.g. 0.8.
    public var power: Double
    /// The one-sided level of the test.
    public var level: Double
    /// One row per provider with enough data, by name.
    public var rows: [Row]
    /// Providers without enough pilot data for the metric.
    public var skipped: [String]

    /// Why a plan cannot be made.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Plans `metric` for every provider of `pilot`.
    ///
    /// - Throws: `Problem` for a metric the gate does not compare by relabelling (error rate,
    ///   bandwidth, time to provision), a zero change, or a power outside (0, 1).
    public init(pilot: [String: GateSample], metric: GateRules.Metric, change: Double, power: Double,
                level: Double = GateStatistics.defaultLevel, seed: UInt64 = GateRules().seed) throws(Problem) {
        guard power > 0 && power < 1 else { throw Problem(description: "power must lie between 0 and 1 (got \(power))") }
        guard change != 0, change > -1, change.isFinite else { throw Problem(description: "the change must be non-zero and above −100%") }
        guard level > 0 && level < 0.5 else { throw Problem(description: "level must lie between 0 and 0.5 (got \(level))") }
        if [.errorRate, .bandwidth, .timeToProvision, .capacity].contains(metric) {
            throw Problem(description: "\(metric.rawValue) cannot be planned: plan a latency, spread, throughput or LLM timing metric")
        }
        self.metric = metric
        self.change = change
        self.power = power
        self.level = level
        var rows: [Row] = []
        var skipped: [String] = []
        for name in pilot.keys.sorted() {
            let sample = pilot[name]!
            // The gate's statistics need four values a side.
            guard Self.values(metric, sample) >= 4,
                  var d = GateEvaluator.measure(metric, sample, sample, level: level, seed: seed)?.detectable else {
                skipped.append(name)
                continue
            }
            d.power = power
            guard let n = d.samplesPerSide(toDetect: change) else {
                skipped.append(name)
                continue
            }
            rows.append(Row(provider: name, pilotCount: d.baselineCount,
                            detectableAtPilot: change > 0 ? d.testIncrease : -d.testDecrease, samplesPerSide: n))
        }
        self.rows = rows
        self.skipped = skipped
    }

    /// How many values the gate compares for `metric` in `sample`.
    static func values(_ metric: GateRules.Metric, _ sample: GateSample) -> Int {
        switch metric {
        case .p50Total, .p90Total, .p99Total, .varianceTotal, .iqrTotal, .madTotal: sample.totalsUs.count
        case .throughput: sample.throughputs.count
        case .p50TTFT, .p99TTFT: sample.ttftUs.count
        case .p50TPOT, .p99TPOT: sample.tpotUs.count
        case .errorRate, .bandwidth, .timeToProvision, .capacity: 0
        }
    }
}

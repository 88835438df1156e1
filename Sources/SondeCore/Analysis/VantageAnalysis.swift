/// The vantage point as a dimension of a pooled comparison: per provider and vantage point the
/// attempts, error rate, p50/p90/p99 and spread of the latency probe's total time, and per
/// provider the spread ratio to the baseline both pooled across vantage points and within them.
///
/// Pooled spread includes the differences between vantage points (a provider 30 ms further from
/// one agent than from another looks more variable pooled than it is from either), so the
/// within-vantage ratio shifts each vantage point's attempts onto one median first, for the
/// provider and for the baseline alike, and compares what is left: the spread a user at any one
/// vantage point sees. Pure; the same inputs and seed give the same numbers.
public struct VantageAnalysis: Sendable, Codable, Equatable {
    /// One pooled run.
    public struct Run: Sendable, Codable, Equatable {
        public var vantage: String
        public var id: String
        public var status: String
        public var startedNs: Int64
        public var finishedNs: Int64?
    }

    /// One provider seen from one vantage point (successful attempts' total time, µs).
    public struct Row: Sendable, Codable, Equatable {
        public var provider: String
        public var vantage: String
        public var attempts: Int
        public var errors: Int
        /// `errors / attempts`; 0 without attempts.
        public var errorRate: Double
        /// Type-7 quantiles, IQR and unscaled MAD; nil without a success.
        public var p50Us: Double?
        public var p90Us: Double?
        public var p99Us: Double?
        public var iqrUs: Double?
        public var madUs: Double?
        /// Variance of the total time relative to the baseline's from the same vantage point
        /// (nil for the baseline, and where either side has fewer than two successes).
        public var varianceRatio: Double?
    }

    /// One provider's spread relative to the baseline, pooled and within vantage points.
    public struct Spread: Sendable, Codable, Equatable {
        public var provider: String
        /// The comparison section's ratio of variances: every vantage's attempts as one sample.
        public var pooledVarianceRatio: RatioEstimate?
        /// Each vantage point's attempts shifted onto one median, provider and baseline alike.
        public var withinVarianceRatio: RatioEstimate
        /// The share of the provider's pooled variance that aligning the vantage points' medians
        /// removes: how much of its pooled spread is distance between vantage points.
        public var betweenShare: Double
        /// Vantage points where both the provider and the baseline had two successes.
        public var vantages: [String]
    }

    public var runs: [Run]
    public var rows: [Row]
    /// The provider the ratios are relative to; nil without a baseline.
    public var baseline: String?
    /// Per candidate provider; empty without a baseline.
    public var spreads: [Spread]

    /// Analyses the members' latency series (each run's own, not the pooled ones). With
    /// `options`, compares spreads with `options.baseline`; `pooled` are the comparison
    /// section's ratios by provider name, so both sections show one pooled number.
    public init(_ members: [VantagePooling.Member], options: AnalysisOptions?, pooled: [String: RatioEstimate] = [:]) {
        let ordered = members.sorted { $0.vantage < $1.vantage }
        runs = ordered.map { Run(vantage: $0.vantage, id: $0.record.info.id, status: $0.record.status.rawValue,
                                 startedNs: $0.record.info.startedNs, finishedNs: $0.record.finishedNs) }
        baseline = options?.baseline
        var totals: [String: [String: [Double]]] = [:]  // provider → vantage → successful totals, time order
        var providerOrder: [String] = []
        var rows: [Row] = []
        for member in ordered {
            for series in member.parts.latency.series {
                let name = series.provider.name
                if !providerOrder.contains(name) { providerOrder.append(name) }
                let values = series.samples.filter(\.succeeded).compactMap { $0.totalUs.map(Double.init) }
                totals[name, default: [:]][member.vantage] = values
                let stats = Descriptive(values)
                let errors = series.samples.count - values.count
                rows.append(Row(provider: name, vantage: member.vantage, attempts: series.samples.count, errors: errors,
                                errorRate: series.samples.isEmpty ? 0 : Double(errors) / Double(series.samples.count),
                                p50Us: stats?.p50, p90Us: stats?.p90, p99Us: stats?.p99, iqrUs: stats?.iqr, madUs: stats?.mad,
                                varianceRatio: nil))
            }
        }
        var spreads: [Spread] = []
        if let options, let base = totals[options.baseline] {
            for index in rows.indices where rows[index].provider != options.baseline {
                let mine = totals[rows[index].provider]?[rows[index].vantage] ?? []
                let theirs = base[rows[index].vantage] ?? []
                if mine.count >= 2, theirs.count >= 2, let v = Self.variance(theirs), v > 0 {
                    rows[index].varianceRatio = (Self.variance(mine) ?? 0) / v
                }
            }
            for name in providerOrder where name != options.baseline {
                let vantages = ordered.map(\.vantage).filter { (totals[name]?[$0]?.count ?? 0) >= 2 && (base[$0]?.count ?? 0) >= 2 }
                guard !vantages.isEmpty else { continue }
                let candidate = Self.aligned(vantages.map { totals[name]![$0]! })
                let baseline = Self.aligned(vantages.map { base[$0]! }).flatMap { $0 }
                let within = SpreadComparison.compare(baseline: baseline, candidateGroups: candidate, resamples: options.resamples,
                                                      confidence: options.confidence, seed: options.seed)
                let raw = vantages.flatMap { totals[name]![$0]! }
                let pooledVariance = Self.variance(raw) ?? 0
                let withinVariance = Self.variance(candidate.flatMap { $0 }) ?? 0
                let share = pooledVariance > 0 ? max(0, 1 - withinVariance / pooledVariance) : 0
                spreads.append(Spread(provider: name, pooledVarianceRatio: pooled[name], withinVarianceRatio: within.varianceRatio,
                                      betweenShare: share, vantages: vantages))
            }
        }
        self.rows = rows
        self.spreads = spreads
    }

    /// Each group shifted so that its median is the mean of the groups' medians.
    static func aligned(_ groups: [[Double]]) -> [[Double]] {
        guard groups.count > 1 else { return groups }
        let medians = groups.map { Quantile.of($0, 0.5) }
        let center = medians.reduce(0, +) / Double(medians.count)
        return zip(groups, medians).map { values, median in values.map { $0 - median + center } }
    }

    /// Sample variance (n − 1); nil under two values.
    static func variance(_ values: [Double]) -> Double? {
        Descriptive(values).flatMap { $0.count >= 2 ? $0.standardDeviation * $0.standardDeviation : nil }
    }
}

/// The comparison of every provider with a baseline: spread ratios with bootstrap intervals,
/// equal-spread and location tests, throughput, the phase that carries the variance, regions,
/// workload verdicts and a headline sentence. Pure: the same data and options give the same
/// numbers, intervals included. The method is described in docs/statistics.md.
public struct VarianceAnalysis: Sendable, Codable, Equatable {
    /// Why an analysis cannot be made.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    public var options: AnalysisOptions
    /// Per provider, then per region, then the DePIN groups.
    public var comparisons: [Comparison]
    public var phases: [PhaseSpread]
    public var verdicts: [WorkloadVerdict]
    /// One sentence; every number in it comes from `comparisons` and `headlineLeaveOneOut`.
    public var headline: String
    /// The headline's pooled DePIN ratio with each provider left out, and the provider that
    /// drives it when one does (nil for fewer than two DePIN providers, and in older reports).
    public var headlineLeaveOneOut: PooledLeaveOneOut?
    /// Providers left out of comparisons, with the reason.
    public var skipped: [String]
    /// Where throughput ratios come from: the bandwidth probe's download rates when the run has
    /// them, else bytes over total time of the latency probe's attempts.
    public var throughputSource: String

    /// Comparisons of one kind of subject.
    public func comparisons(_ subject: Comparison.Subject) -> [Comparison] {
        comparisons.filter { $0.subject == subject }
    }

    /// Compares every provider of `data` with `options.baseline`. `downloadRates` (bytes/s per
    /// bandwidth transfer, by provider name, in time order) replace the latency probe's
    /// bytes/time as the throughput measure when the baseline has them.
    /// `availability` (heartbeats) gives the training verdicts their interruption facts.
    public init(_ data: RunData, latency: LatencyAnalysis, options: AnalysisOptions,
                downloadRates: [String: [Double]] = [:], availability: AvailabilityAnalysis? = nil) throws(Problem) {
        self.options = options
        let useBandwidth = (downloadRates[options.baseline]?.count ?? 0) >= 2
        throughputSource = useBandwidth ? "bandwidth probe: download bytes/s per transfer, time to first byte excluded"
            : "latency probe: body bytes / total time of each attempt"
        guard let baselineSeries = data.series.first(where: { $0.provider.name == options.baseline }) else {
            let names = data.series.map(\.provider.name).joined(separator: ", ")
            throw Problem(description: "baseline '\(options.baseline)' is not a provider of this run (providers: \(names))")
        }
        var baseline = Series(baselineSeries, hold: true)
        if useBandwidth { baseline.rates = downloadRates[options.baseline] ?? [] }
        guard baseline.count >= 2 else {
            throw Problem(description: "baseline '\(options.baseline)' has fewer than 2 successful attempts")
        }
        var skipped: [String] = []
        var candidates: [Series] = []
        for series in data.series where series.provider.name != options.baseline {
            var candidate = Series(series, hold: false)
            if useBandwidth { candidate.rates = downloadRates[series.provider.name] ?? [] }
            if candidate.count >= 2 {
                candidates.append(candidate)
            } else {
                skipped.append("\(series.provider.name): fewer than 2 successful attempts")
            }
        }
        self.skipped = skipped

        // The baseline is resampled once for all comparisons (the same replicates as per comparison).
        let shared = Shared(baseline, options)
        var comparisons = candidates.map { Self.compare(.provider, name: $0.provider.name, [$0], shared, options, align: false) }
        let regions = Dictionary(grouping: candidates, by: { $0.provider.region }).filter { !$0.key.isEmpty }
        for region in regions.keys.sorted() {
            let members = regions[region]!
            if members.count == 1, var single = comparisons.first(where: { $0.name == members[0].provider.name }) {
                single.subject = .region
                single.name = region
                comparisons.append(single)
            } else {
                comparisons.append(Self.compare(.region, name: region, members, shared, options, align: true))
            }
        }
        let depin = candidates.filter { $0.provider.kind == .depin }
        if !depin.isEmpty {
            comparisons.append(Self.compare(.depinPooled, name: "DePIN (pooled within-provider)", depin, shared, options, align: true))
            if depin.count > 1 {
                comparisons.append(Self.compare(.depinMixture, name: "DePIN (one population)", depin, shared, options, align: false))
            }
        }
        self.comparisons = comparisons
        phases = Self.phaseSpreads(latency, baseline: options.baseline)
        verdicts = Self.verdicts(latency, comparisons: comparisons, options: options, availability: availability)
        headlineLeaveOneOut = Self.headlineLeaveOneOut(depin, baseline: baseline, comparisons: comparisons)
        headline = Headline.sentence(comparisons: comparisons, baseline: baselineSeries.provider, options: options,
                                     leaveOneOut: headlineLeaveOneOut)
    }

    /// One provider's successful attempts as the analysis needs them, in time order.
    struct Series {
        var provider: Provider
        /// The bandwidth probe's download rates when they replace the latency probe's.
        var rates: [Double]?
        /// Successful attempts with a positive total time: the length of `totals`.
        let count: Int
        /// The stored attempts, for the totals and the latency probe's rates (computed when a
        /// comparison needs them, so that every provider's are not held at once).
        private var samples: SampleColumns
        /// The totals when held (the baseline's, which every comparison reads).
        private let held: [Double]?

        /// With `hold`, the totals are read once and kept; else each use of `totals` reads them
        /// again from the columns (issue 17: a candidate's million totals weigh 8 MB, and only
        /// the comparisons that include it need them).
        init(_ series: ProviderSeries, hold: Bool) {
            provider = series.provider
            samples = series.samples
            let totals = Self.totals(series.samples)
            count = totals.count
            held = hold ? totals : nil
        }

        /// Total time (µs) of each successful attempt with a positive total, in time order.
        var totals: [Double] { held ?? Self.totals(samples) }

        private static func totals(_ samples: SampleColumns) -> [Double] {
            var count = 0
            for i in samples.indices where samples.succeeded(at: i) {
                if let total = samples.totalUs(at: i), total > 0 { count += 1 }
            }
            var totals: [Double] = []
            totals.reserveCapacity(count)
            for i in samples.indices where samples.succeeded(at: i) {
                guard let total = samples.totalUs(at: i), total > 0 else { continue }
                totals.append(Double(total))
            }
            return totals
        }

        /// Bytes per second of each successful attempt (body bytes / total time), in time order,
        /// or the download rates that replace them.
        var throughputs: [Double] {
            if let rates { return rates }
            var values: [Double] = []
            values.reserveCapacity(count)
            for i in samples.indices where samples.succeeded(at: i) {
                guard let total = samples.totalUs(at: i), total > 0 else { continue }
                values.append(Double(samples.bytes(at: i)) * 1e6 / Double(total))
            }
            return values
        }
    }

    /// The baseline's resamples that every comparison shares: its spread replicates per scheme
    /// and its throughput mean replicates per scheme.
    final class Shared {
        let baseline: Series
        let spread: SharedBaselineResamples
        let throughputs: [Double]
        private let options: AnalysisOptions
        private var meanReplicates: [BootstrapMethod: [Double]] = [:]

        init(_ baseline: Series, _ options: AnalysisOptions) {
            self.baseline = baseline
            self.options = options
            spread = SharedBaselineResamples(baseline: baseline.totals, resamples: options.resamples, seed: options.seed)
            throughputs = baseline.throughputs
        }

        func throughputReplicates(_ method: BootstrapMethod) -> [Double] {
            if let replicates = meanReplicates[method] { return replicates }
            let replicates = Bootstrap.meanReplicates(groups: [throughputs], side: 0, method: method,
                                                      resamples: options.resamples, seed: options.seed &+ 1)
            meanReplicates[method] = replicates
            return replicates
        }
    }

    /// Compares a group with the baseline. With `align`, each member is shifted onto the mean of
    /// the members' medians first, so the group's spread is the spread within providers and not
    /// the distance between their medians.
    static func compare(_ subject: Comparison.Subject, name: String, _ members: [Series], _ shared: Shared,
                        _ options: AnalysisOptions, align: Bool) -> Comparison {
        var groups = members.map(\.totals)
        if align && members.count > 1 {
            let medians = groups.map { Quantile.of($0, 0.5) }
            let center = medians.reduce(0, +) / Double(medians.count)
            // In place: the totals were read for this comparison (no second copy of the group).
            for (g, median) in zip(groups.indices, medians) {
                groups[g].withUnsafeMutableBufferPointer { values in
                    for i in values.indices { values[i] = values[i] - median + center }
                }
            }
        }
        // The pooled median (type 7) comes from the candidate side's sorted values.
        let (spread, median) = SpreadComparison.compareWithMedian(sharing: shared.spread, candidateGroups: groups,
                                                                  confidence: options.confidence)
        // Throughput series have their own length and dependence (a bandwidth probe makes a handful
        // of transfers), so they choose their own resampling scheme.
        let throughputGroups = members.map(\.throughputs).filter { !$0.isEmpty }
        let baseline = shared.throughputs
        var throughput: RatioEstimate?
        if !throughputGroups.isEmpty, !baseline.isEmpty, baseline.contains(where: { $0 > 0 }) {
            let method = BootstrapMethod.automatic(for: [baseline] + throughputGroups)
            throughput = Bootstrap.meanRatioInterval(baseline: baseline, baselineReplicates: shared.throughputReplicates(method),
                                                     candidateGroups: throughputGroups, method: method,
                                                     resamples: options.resamples, confidence: options.confidence,
                                                     seed: options.seed &+ 1)
        }
        return Comparison(subject: subject, name: name, providers: members.map(\.provider.name),
                          count: groups.reduce(0) { $0 + $1.count },
                          baselineCount: shared.baseline.count, medianUs: median, spread: spread,
                          throughputRatio: throughput)
    }

    /// Each phase's variance per provider, its share of the provider's phase variances and its
    /// ratio to the baseline's, from the phase statistics `latency` already holds (the same
    /// `Descriptive` of the same values, so the same numbers).
    static func phaseSpreads(_ latency: LatencyAnalysis, baseline: String) -> [PhaseSpread] {
        func variances(_ provider: LatencyAnalysis.ProviderLatency) -> [(Phase, Double)] {
            Phase.allCases.filter { $0 != .total }.compactMap { phase in
                guard let stats = provider.phases.first(where: { $0.phase == phase })?.stats else { return nil }
                return (phase, stats.standardDeviation * stats.standardDeviation)
            }
        }
        let baselineVariances = latency.providers.first { $0.provider.name == baseline }.map { Dictionary(uniqueKeysWithValues: variances($0)) } ?? [:]
        var result: [PhaseSpread] = []
        for provider in latency.providers {
            let phases = variances(provider)
            let sum = phases.reduce(0) { $0 + $1.1 }
            for (phase, variance) in phases {
                let base = baselineVariances[phase]
                result.append(PhaseSpread(provider: provider.provider.name, phase: phase, variance: variance,
                                          share: sum > 0 ? variance / sum : 0,
                                          ratioToBaseline: base.flatMap { $0 > 0 ? variance / $0 : nil }))
            }
        }
        return result
    }
}

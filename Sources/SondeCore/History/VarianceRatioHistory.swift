/// The variance ratio over time: per time window, each DePIN provider's latency variance (and
/// the DePIN providers' pooled) over the baseline provider's, with a bootstrap interval.
///
/// The unit of resampling is the run (a cluster bootstrap, Davison & Hinkley 1997 §3.8): runs
/// are minutes or hours apart, so values inside one run are dependent (slow episodes) while runs
/// are close to independent draws of the provider's behaviour. Runs are resampled with
/// replacement, jointly for baseline and candidate (a run measures both over the same minutes
/// from the same vantage point), the pooled variances recomputed from each run's moments
/// (`Moments`), and the interval is the percentile interval of the ratio. Windows with fewer
/// than two runs where both providers succeeded get the ratio without an interval. With a few
/// runs per window (an hour of 5-minute runs is 12) the percentile interval is narrower than its
/// nominal level; a day window (288 runs) is where it is trustworthy.
public struct VarianceRatioHistory: Sendable, Equatable, Codable {
    /// One window's ratio.
    public struct Window: Sendable, Equatable, Codable {
        public var startNs: Int64
        public var endNs: Int64
        /// Runs in the window where both sides had at least one successful attempt.
        public var runs: Int
        /// Variances of total time, µs².
        public var baselineVariance: Double
        public var candidateVariance: Double
        /// candidate / baseline.
        public var ratio: Double
        /// Percentile bounds; `nil` with fewer than two runs.
        public var lower: Double?
        public var upper: Double?
    }

    /// One candidate (a provider, or the DePIN providers pooled) from one vantage point.
    public struct Series: Sendable, Equatable, Codable {
        /// The provider's name, or `pooled DePIN`.
        public var candidate: String
        public var pooled: Bool
        public var vantage: String?
        /// Time order.
        public var windows: [Window]
    }

    /// The baseline provider's name; `nil` when none could be chosen (then `series` is empty).
    public var baseline: String?
    public var resamples: Int
    public var confidence: Double
    public var seed: UInt64
    public var series: [Series]

    /// Per run, per hour start: the moments of successful attempts' total time.
    typealias Cells = [String: [Int64: Moments]]

    /// The ratios of every DePIN provider in `cells` (keyed by provider and vantage point) over
    /// `baseline`, per window of `width`.
    static func compute(cells: [HistoryAnalysis.Key: Cells], depin: Set<String>, baseline: String?, width: HistoryBucketWidth,
                        resamples: Int = 999, confidence: Double, seed: UInt64 = 18) -> VarianceRatioHistory {
        var result = VarianceRatioHistory(baseline: baseline, resamples: resamples, confidence: confidence, seed: seed, series: [])
        guard let baseline else { return result }
        let vantages = Set(cells.keys.filter { $0.name == baseline }.map(\.vantage)).sorted { ($0 ?? "") < ($1 ?? "") }
        for vantage in vantages {
            let base = cells[HistoryAnalysis.Key(name: baseline, vantage: vantage)] ?? [:]
            let candidates = cells.keys.filter { $0.vantage == vantage && depin.contains($0.name) && $0.name != baseline }.sorted()
            var groups: [(name: String, pooled: Bool, cells: Cells)] = candidates.map { ($0.name, false, cells[$0]!) }
            if candidates.count > 1 {
                var pooled: Cells = [:]
                for key in candidates {
                    for (run, hours) in cells[key]! {
                        for (hour, moments) in hours { pooled[run, default: [:]][hour, default: Moments()].merge(moments) }
                    }
                }
                groups.append(("pooled DePIN", true, pooled))
            }
            for group in groups {
                let stream = UInt64(result.series.count)
                result.series.append(Series(candidate: group.name, pooled: group.pooled, vantage: vantage,
                                            windows: windows(base: base, candidate: group.cells, width: width, resamples: resamples,
                                                             confidence: confidence, generator: SeededGenerator(seed: seed, stream: stream))))
            }
        }
        return result
    }

    /// Per window: each run's moments on both sides, then the ratio and its cluster-bootstrap interval.
    static func windows(base: Cells, candidate: Cells, width: HistoryBucketWidth, resamples: Int, confidence: Double,
                        generator: SeededGenerator) -> [Window] {
        var generator = generator
        var byWindow: [Int64: [(base: Moments, candidate: Moments)]] = [:]
        for run in Set(base.keys).intersection(candidate.keys).sorted() {
            var perWindow: [Int64: (base: Moments, candidate: Moments)] = [:]
            // Hours in time order: merging moments is exact only up to rounding, so a dictionary's
            // (per-process) order made the last bits of a window's variances vary from run to run.
            for (hour, moments) in base[run]!.sorted(by: { $0.key < $1.key }) {
                perWindow[width.windowStart(hour), default: (Moments(), Moments())].base.merge(moments)
            }
            for (hour, moments) in candidate[run]!.sorted(by: { $0.key < $1.key }) {
                perWindow[width.windowStart(hour), default: (Moments(), Moments())].candidate.merge(moments)
            }
            for (start, pair) in perWindow where pair.base.count > 0 && pair.candidate.count > 0 {
                byWindow[start, default: []].append(pair)
            }
        }
        return byWindow.keys.sorted().compactMap { start in
            let runs = byWindow[start]!
            func ratio(_ indices: some Sequence<Int>) -> Double? {
                var b = Moments(), c = Moments()
                for index in indices {
                    b.merge(runs[index].base)
                    c.merge(runs[index].candidate)
                }
                guard let vb = b.variance, let vc = c.variance, vb > 0 else { return nil }
                return vc / vb
            }
            guard let point = ratio(runs.indices) else { return nil }
            var b = Moments(), c = Moments()
            for pair in runs { b.merge(pair.base); c.merge(pair.candidate) }
            var window = Window(startNs: start, endNs: start + width.nanoseconds, runs: runs.count, baselineVariance: b.variance ?? 0,
                                candidateVariance: c.variance ?? 0, ratio: point, lower: nil, upper: nil)
            guard runs.count >= 2 else { return window }
            var replicates: [Double] = []
            replicates.reserveCapacity(resamples)
            for _ in 0..<resamples {
                let draw = (0..<runs.count).map { _ in Int.random(in: 0..<runs.count, using: &generator) }
                if let value = ratio(draw) { replicates.append(value) }
            }
            replicates.sort()
            guard replicates.count >= 2 else { return window }
            let alpha = 1 - confidence
            window.lower = Quantile.ofSorted(replicates, alpha / 2)
            window.upper = Quantile.ofSorted(replicates, 1 - alpha / 2)
            return window
        }
    }
}

/// A significant change point among the newest runs of a gated metric: what
/// `sonde gate --fail-on-change-point K` fails on.
public struct RecentChangePoint: Sendable, Equatable {
    /// The provider whose series changed.
    public var provider: String
    /// The gated metric whose per-run series changed.
    public var metric: GateRules.Metric
    /// The first run after the change, and when it started.
    public var runID: String
    public var startedNs: Int64
    /// Runs from the change to the newest, both counted (1: the candidate alone).
    public var runsAgo: Int
    /// The change point in the per-run series (segment medians, Hodges–Lehmann shift with its
    /// interval, permutation p-value).
    public var change: ChangePoint

    /// Whether the change made the metric worse (higher for latency and error metrics, lower for
    /// throughput).
    public var isWorse: Bool { metric.higherIsWorse ? change.shift.point > 0 : change.shift.point < 0 }
}

/// Change points among the newest runs of each gated metric's per-run series (baseline runs
/// and the candidate, in start order), found by the history report's detector
/// (`ChangePointDetector`, E-divisive means with a permutation test) at its default family-wise
/// level: 1% over all series tested together (every provider × gated metric), Bonferroni-split.
///
/// The history report keeps five runs on each side of a change; here the smallest segment is two
/// runs, so that a change two or more runs before the newest can be seen at all. A change in the
/// candidate alone is the main comparison's business (`RunPrediction`). The permutation test
/// accounts for the search over every split, so the shorter segments cost power, not size.
public enum RecentChangePoints {
    /// Fewest runs on either side of a change point in the gate's search.
    public static let minimumSegment = 2

    /// The result of a search.
    public struct Search: Sendable, Equatable {
        /// Change points whose first run is among the newest `within`, by provider and metric.
        public var recent: [RecentChangePoint]
        /// Change points further back (reported, never failing).
        public var older: [RecentChangePoint]
        /// Series tested (the Bonferroni divisor).
        public var seriesTested: Int
        /// The detector's settings.
        public var settings: ChangePointSettings
    }

    /// Searches the series of `runs` (oldest first, the candidate last) for every provider of the
    /// newest run and every metric in `metrics(provider)`; change points whose first run is among
    /// the newest `within` runs of the series are `recent`.
    public static func search(runs: [GateRunSummary], within: Int, familyAlpha: Double = 0.01,
                              metrics: (String) -> [GateRules.Metric]) -> Search {
        precondition(within >= 1, "within counts at least the candidate")
        let ordered = runs.sorted { $0.startedNs < $1.startedNs }
        var series: [(provider: String, metric: GateRules.Metric, runs: [GateRunSummary], values: [Double])] = []
        for provider in (ordered.last?.providers.map(\.name) ?? []) {
            for metric in metrics(provider) {
                let having = ordered.filter { $0.provider(provider)?.value(metric) != nil }
                let values = having.map { $0.provider(provider)!.value(metric)! }
                if values.count >= 2 * minimumSegment { series.append((provider, metric, having, values)) }
            }
        }
        let settings = ChangePointSettings(familyAlpha: familyAlpha, seriesCount: Swift.max(1, series.count),
                                           minimumSegment: minimumSegment)
        let detector = ChangePointDetector(settings: settings)
        var recent: [RecentChangePoint] = [], older: [RecentChangePoint] = []
        for (stream, entry) in series.enumerated() {
            for found in detector.detect(entry.values, stream: UInt64(stream)) {
                let run = entry.runs[found.index]
                let point = RecentChangePoint(provider: entry.provider, metric: entry.metric, runID: run.runID,
                                              startedNs: run.startedNs, runsAgo: entry.values.count - found.index, change: found)
                if point.runsAgo <= within { recent.append(point) } else { older.append(point) }
            }
        }
        return Search(recent: recent, older: older, seriesTested: series.count, settings: settings)
    }
}

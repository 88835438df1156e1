/// Several runs seen together: per provider, the per-run series (median, p99, error rate of the
/// latency probe) with their change points, the figures of each UTC time window, and the
/// availability pooled across runs. Pure: the caller feeds runs one at a time (`Builder`), so only
/// one run's latency samples need be loaded at once; what is kept across runs is, per provider,
/// one latency per successful attempt (grouped by UTC hour) for the windows and the heartbeats for the pooling.
public struct HistoryAnalysis: Sendable, Codable {
    /// A metric of the per-run series.
    public enum Metric: String, Sendable, Codable, CaseIterable {
        case median, p99
        case errorRate = "error_rate"
    }

    /// One provider in one run.
    public struct RunPoint: Sendable, Equatable, Codable {
        public var runID: String
        public var startedNs: Int64
        public var attempts: Int
        public var failures: Int
        /// Type-7 median and p99 of successful attempts' total time; `nil` when none succeeded.
        public var medianUs: Double?
        public var p99Us: Double?
        /// Failures over attempts.
        public var errorRate: Double
        /// Whether the run was pruned and these figures come from its stored summary (exact:
        /// the summary keeps them as computed from the raw samples).
        public var fromSummary = false

        /// The value of `metric` in this run, `nil` when it has none.
        public func value(_ metric: Metric) -> Double? {
            switch metric {
            case .median: medianUs
            case .p99: p99Us
            case .errorRate: attempts > 0 ? errorRate : nil
            }
        }
    }

    /// A significant change in one metric of one provider, placed at a run.
    public struct MetricChange: Sendable, Equatable, Codable {
        public var metric: Metric
        /// The first run after the change, and when it started.
        public var runID: String
        public var startedNs: Int64
        /// Index of that run among the runs where the provider had the metric (0-based, oldest first).
        public var runIndex: Int
        public var change: ChangePoint
    }

    /// One provider across the runs from one vantage point (runs from several vantage points
    /// overlap in time and see different networks, so each is a history of its own).
    public struct ProviderHistory: Sendable, Codable {
        public var name: String
        /// The runs' vantage point; `nil` for runs recorded without one.
        public var vantage: String?
        /// Oldest first.
        public var runs: [RunPoint]
        public var windows: [HistoryWindow]
        /// `nil` when no run had heartbeats for the provider.
        public var availability: PooledAvailability?
        public var changes: [MetricChange]
    }

    /// Runs analysed, oldest first.
    public var runIdentifiers: [String]
    /// How many of them were pruned (read from per-run summaries, not raw samples).
    public var summarizedRuns = 0
    public var firstStartNs: Int64
    public var lastStartNs: Int64
    public var bucket: HistoryBucketWidth
    public var settings: ChangePointSettings
    /// Sorted by name, then vantage point.
    public var providers: [ProviderHistory]
    /// Each DePIN provider's (and the pooled DePIN) variance ratio against the baseline, per window.
    public var varianceRatios: VarianceRatioHistory

    /// Whether the runs came from more than one vantage point (reports then name it per provider).
    public var hasSeveralVantages: Bool { Set(providers.map(\.vantage)).count > 1 }

    /// A provider seen from a vantage point: what the builder groups by.
    struct Key: Hashable, Comparable, Sendable {
        var name: String
        var vantage: String?

        static func < (a: Key, b: Key) -> Bool { (a.name, a.vantage ?? "") < (b.name, b.vantage ?? "") }
    }

    /// Accumulates runs, in any order, then analyses them.
    public struct Builder: Sendable {
        private var runs: [(id: String, startedNs: Int64)] = []
        private var points: [Key: [RunPoint]] = [:]
        private var observations: [Key: HistoryWindow.RawHours] = [:]
        private var heartbeats: [Key: [[Sample]]] = [:]
        private var hours: [Key: [RunProbeSummary.Hour]] = [:]
        /// Heartbeats a summary counted but did not keep (successes between successes).
        private var droppedHeartbeats: [Key: Int] = [:]
        private var summarized: Set<String> = []
        /// Per provider, run and hour: moments of successful attempts' total time.
        private var cells: [Key: VarianceRatioHistory.Cells] = [:]
        private var kinds: [String: ProviderKind] = [:]

        /// Window width fixed up front, so that pruned runs' hourly histograms are merged into
        /// their window as they arrive instead of being kept (one histogram is some 190 KB).
        private let width: HistoryBucketWidth?
        /// Per provider and window start: the merged hours of pruned runs (with a fixed width).
        private var mergedHours: [Key: [Int64: RunProbeSummary.Hour]] = [:]

        /// An empty builder; with `bucket`, the windows' width is fixed now (`analyse` then uses it).
        public init(bucket: HistoryBucketWidth? = nil) {
            width = bucket
        }

        /// Adds one run: its latency-probe series and its heartbeat series (per provider).
        public mutating func add(run: RunRecord, latency: [ProviderSeries], heartbeats beats: [ProviderSeries]) {
            add(run: run, latencies: latency.map(RunLatencies.init), heartbeats: beats)
        }

        /// Adds one run: its latency-probe attempts and its heartbeat series (per provider).
        ///
        /// This is the per-attempt path of a history (tens of millions of attempts over a month),
        /// so each provider's hour and its accumulators are looked up once per hour the run
        /// touches, not once per attempt; values are added in the same order either way, so the
        /// figures are the same to the last bit.
        public mutating func add(run: RunRecord, latencies: [RunLatencies], heartbeats beats: [ProviderSeries]) {
            runs.append((run.info.id, run.info.startedNs))
            for series in latencies where series.count > 0 {
                let name = Key(name: series.provider.name, vantage: run.info.vantage)
                kinds[series.provider.name] = series.provider.kind
                var totals: [Double] = []
                totals.reserveCapacity(series.count)
                var moments: [Int64: Moments] = [:]
                // Taken out of the dictionaries while this run's attempts are added (no copy on write).
                var raw = observations.removeValue(forKey: name) ?? .init()
                var hour = HourAccumulator(start: Int64.min)
                for i in 0..<series.count {
                    let start = HistoryBucketWidth.hour.windowStart(series.intendedNs[i])
                    if start != hour.start {
                        hour.flush(into: &raw, moments: &moments)
                        hour = HourAccumulator(start: start, raw: &raw, moments: &moments)
                    }
                    let total = series.totalUs[i].map(Double.init)
                    hour.attempts += 1
                    if let total {
                        totals.append(total)
                        hour.moments.add(total)
                        hour.latencies.append(total)
                    }
                }
                hour.flush(into: &raw, moments: &moments)
                observations[name] = raw
                cells[name, default: [:]][run.info.id] = moments
                let attempts = series.count, succeeded = totals.count
                // Selection, not a sort: the type-7 quantiles of the sorted values, in O(n).
                let quantiles = totals.isEmpty ? nil : OrderStatistics.quantiles(&totals, [0.5, 0.99])
                points[name, default: []].append(RunPoint(
                    runID: run.info.id, startedNs: run.info.startedNs, attempts: attempts, failures: attempts - succeeded,
                    medianUs: quantiles?[0], p99Us: quantiles?[1],
                    errorRate: Double(attempts - succeeded) / Double(attempts)))
            }
            for series in beats where !series.samples.isEmpty {
                heartbeats[Key(name: series.provider.name, vantage: run.info.vantage), default: []].append(Array(series.samples))
            }
        }

        /// One provider's accumulators for one UTC hour while a run's attempts are added: taken
        /// out of the builder's dictionaries when the hour starts and put back when it ends.
        private struct HourAccumulator {
            let start: Int64
            var attempts = 0
            var latencies: [Double] = []
            var moments = Moments()

            /// An empty accumulator that is never flushed into anything (no hour yet).
            init(start: Int64) {
                self.start = start
            }

            /// The hour at `start`, continuing from what `raw` and `moments` hold for it.
            init(start: Int64, raw: inout HistoryWindow.RawHours, moments: inout [Int64: Moments]) {
                self.start = start
                if let kept = raw.byHour.removeValue(forKey: start) {
                    attempts = kept.attempts
                    latencies = kept.latencies
                }
                self.moments = moments.removeValue(forKey: start) ?? Moments()
            }

            /// Puts the hour back (nothing for the placeholder, which has no attempts).
            func flush(into raw: inout HistoryWindow.RawHours, moments: inout [Int64: Moments]) {
                guard attempts > 0 else { return }
                raw.byHour[start] = (attempts, latencies)
                // As before: an hour gets moments only once an attempt in it succeeded.
                if self.moments.count > 0 { moments[start] = self.moments }
            }
        }

        /// Adds one pruned run from its per-run summaries (every probe's; the latency and
        /// availability ones are read).
        public mutating func add(run: RunRecord, summaries: [RunProbeSummary]) {
            add(run: run, latency: summaries.filter { $0.probe == .latency }.map(RunLatencySummary.init),
                availability: summaries.filter { $0.probe == .availability })
        }

        /// Adds one pruned run from its latency summaries (as the history reads them) and its
        /// availability summaries (per provider).
        public mutating func add(run: RunRecord, latency: [RunLatencySummary], availability: [RunProbeSummary]) {
            runs.append((run.info.id, run.info.startedNs))
            summarized.insert(run.info.id)
            for summary in latency where summary.attempts > 0 {
                let name = Key(name: summary.provider.name, vantage: run.info.vantage)
                points[name, default: []].append(RunPoint(
                    runID: run.info.id, startedNs: run.info.startedNs, attempts: summary.attempts, failures: summary.failures,
                    medianUs: summary.p50Us, p99Us: summary.p99Us,
                    errorRate: Double(summary.failures) / Double(summary.attempts), fromSummary: true))
                if let width {
                    var merged = mergedHours.removeValue(forKey: name) ?? [:]
                    for hour in summary.hours {
                        let start = width.windowStart(hour.startNs)
                        // In place: a window's histogram is some 190 KB, too much to copy per hour.
                        if merged[start] == nil {
                            merged[start] = .init(startNs: start, attempts: 0, failures: 0, phases: [.total: LatencyHistogram()])
                        }
                        merged[start]!.attempts += hour.attempts
                        merged[start]!.failures += hour.failures
                        merged[start]!.phases[.total]!.add(hour.total)
                    }
                    mergedHours[name] = merged
                } else {
                    hours[name, default: []].append(contentsOf: summary.hours.map {
                        RunProbeSummary.Hour(startNs: $0.startNs, attempts: $0.attempts, failures: $0.failures,
                                             phases: [.total: LatencyHistogram($0.total)])
                    })
                }
                kinds[summary.provider.name] = summary.provider.kind
                var moments: [Int64: Moments] = [:]
                for hour in summary.hours where !hour.total.counts.isEmpty { moments[hour.startNs] = Moments(buckets: hour.total) }
                cells[name, default: [:]][run.info.id] = moments
            }
            for summary in availability where summary.attempts > 0 && !summary.heartbeats.isEmpty {
                let name = Key(name: summary.provider.name, vantage: run.info.vantage)
                heartbeats[name, default: []].append(summary.heartbeats)
                droppedHeartbeats[name, default: 0] += summary.attempts - summary.heartbeats.count
            }
        }

        /// The analysis: windows of `bucket` (chosen from the span when `nil`), change points with
        /// the family-wise level `familyAlpha` split over every provider × metric series tested;
        /// variance ratios against `baseline` (default: the only centralized provider, if one).
        public func analyse(bucket: HistoryBucketWidth? = nil, familyAlpha: Double = 0.01, failuresToInterrupt: Int = 3,
                            confidence: Double = 0.95, baseline: String? = nil) -> HistoryAnalysis {
            let ordered = runs.sorted { $0.startedNs < $1.startedNs }
            let first = ordered.first?.startedNs ?? 0, last = ordered.last?.startedNs ?? 0
            let width = self.width ?? bucket ?? HistoryBucketWidth.choose(spanNs: last - first)
            let names = Set(points.keys).union(heartbeats.keys).union(hours.keys).union(mergedHours.keys).sorted()
            let series: [(name: Key, metric: Metric, points: [RunPoint])] = names.flatMap { name in
                let runPoints = (points[name] ?? []).sorted { $0.startedNs < $1.startedNs }
                return Metric.allCases.map { metric in (name, metric, runPoints.filter { $0.value(metric) != nil }) }
            }
            let settings = ChangePointSettings(familyAlpha: familyAlpha, seriesCount: Swift.max(1, series.count),
                                               confidence: confidence)
            let detector = ChangePointDetector(settings: settings)
            var changes: [Key: [MetricChange]] = [:]
            for (stream, entry) in series.enumerated() {
                let values = entry.points.compactMap { $0.value(entry.metric) }
                for found in detector.detect(values, stream: UInt64(stream)) {
                    let point = entry.points[found.index]
                    changes[entry.name, default: []].append(MetricChange(
                        metric: entry.metric, runID: point.runID, startedNs: point.startedNs, runIndex: found.index, change: found))
                }
            }
            let providers = names.map { name in
                ProviderHistory(
                    name: name.name, vantage: name.vantage, runs: (points[name] ?? []).sorted { $0.startedNs < $1.startedNs },
                    windows: HistoryWindow.windows(observations[name] ?? .init(),
                                                   hours: (hours[name] ?? []) + (mergedHours[name].map { Array($0.values) } ?? []), width: width,
                                                   confidence: confidence),
                    availability: heartbeats[name].map {
                        var pooled = PooledAvailability(runs: $0, failuresToInterrupt: failuresToInterrupt, confidence: confidence)
                        // Every failure is kept, so only the count of attempts misses the dropped successes.
                        pooled.attempts += droppedHeartbeats[name] ?? 0
                        return pooled
                    },
                    changes: changes[name] ?? [])
            }
            let centralized = kinds.filter { $0.value == .centralized }.map(\.key)
            let ratios = VarianceRatioHistory.compute(
                cells: cells, depin: Set(kinds.filter { $0.value == .depin }.map(\.key)),
                baseline: baseline ?? (centralized.count == 1 ? centralized[0] : nil), width: width, confidence: confidence)
            return HistoryAnalysis(runIdentifiers: ordered.map(\.id), summarizedRuns: summarized.count, firstStartNs: first,
                                   lastStartNs: last, bucket: width, settings: settings, providers: providers, varianceRatios: ratios)
        }
    }
}

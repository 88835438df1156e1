/// One provider's figures in one time window of a history report: p50/p90/p99 of successful
/// attempts with order-statistic intervals, and the error rate.
public struct HistoryWindow: Sendable, Equatable, Codable {
    /// Window start (inclusive), nanoseconds since the epoch, on a UTC edge.
    public var startNs: Int64
    /// Window end (exclusive).
    public var endNs: Int64
    /// Attempts in the window, failed ones included.
    public var attempts: Int
    public var failures: Int
    /// Failures over attempts.
    public var errorRate: Double
    /// Quantiles of successful attempts' latency; `nil` when none succeeded.
    public var p50: QuantileInterval?
    public var p90: QuantileInterval?
    public var p99: QuantileInterval?
    /// Where the window's figures come from.
    public var source: Source = .samples

    /// Raw samples, per-run summaries of pruned runs (quantiles from their HDR histograms,
    /// within 0.1%), or both (then every value, raw ones included, goes through a histogram).
    public enum Source: String, Sendable, Equatable, Codable {
        case samples, summaries, mixed
    }

    /// One attempt as the history sees it.
    public struct Observation: Sendable, Equatable {
        /// When the attempt was meant to be sent, nanoseconds since the epoch.
        public var timeNs: Int64
        /// Latency of a successful attempt; `nil` for a failed one.
        public var latencyUs: Double?

        /// An attempt at `timeNs`, successful with `latencyUs` or failed with `nil`.
        public init(timeNs: Int64, latencyUs: Double?) {
            self.timeNs = timeNs
            self.latencyUs = latencyUs
        }
    }

    /// The non-empty windows of `observations` (any order) and of `hours` (hourly summaries of
    /// pruned runs, any order) at `width`, in time order, with quantile intervals at `confidence`.
    public static func windows(_ observations: [Observation], hours: [RunProbeSummary.Hour] = [], width: HistoryBucketWidth,
                               confidence: Double = 0.95) -> [HistoryWindow] {
        var raw = RawHours()
        for observation in observations { raw.add(timeNs: observation.timeNs, latencyUs: observation.latencyUs) }
        return windows(raw, hours: hours, width: width, confidence: confidence)
    }

    /// Raw attempts grouped by UTC hour as they arrive: a window of either width is a union of
    /// hours, and keeping only the latencies (not each attempt's time) holds 8 bytes an attempt.
    public struct RawHours: Sendable {
        var byHour: [Int64: (attempts: Int, latencies: [Double])] = [:]

        /// No attempts.
        public init() {}

        /// One attempt at `timeNs`, successful with `latencyUs` or failed with `nil`.
        public mutating func add(timeNs: Int64, latencyUs: Double?) {
            let hour = HistoryBucketWidth.hour.windowStart(timeNs)
            byHour[hour, default: (0, [])].attempts += 1
            if let latencyUs { byHour[hour, default: (0, [])].latencies.append(latencyUs) }
        }
    }

    /// The non-empty windows of `raw` and of `hours` (hourly summaries of pruned runs, any
    /// order) at `width`, in time order, with quantile intervals at `confidence`.
    public static func windows(_ raw: RawHours, hours: [RunProbeSummary.Hour] = [], width: HistoryBucketWidth,
                               confidence: Double = 0.95) -> [HistoryWindow] {
        var byStart: [Int64: (attempts: Int, latencies: [Double])] = [:]
        for (hour, entry) in raw.byHour {
            let start = width.windowStart(hour)
            if byStart[start] == nil {
                byStart[start] = entry
            } else {
                byStart[start]!.attempts += entry.attempts
                byStart[start]!.latencies += entry.latencies
            }
        }
        var summarized: [Int64: (attempts: Int, failures: Int, histogram: LatencyHistogram)] = [:]
        for hour in hours {
            let start = width.windowStart(hour.startNs)
            // In place: a histogram is some 190 KB, too much to copy per hour.
            if summarized[start] == nil { summarized[start] = (0, 0, LatencyHistogram()) }
            summarized[start]!.attempts += hour.attempts
            summarized[start]!.failures += hour.failures
            if let total = hour.phases[.total] { summarized[start]!.histogram.add(total) }
        }
        return Set(byStart.keys).union(summarized.keys).sorted().map { start in
            let raw = byStart[start] ?? (0, [])
            let attempts = raw.attempts + (summarized[start]?.attempts ?? 0)
            let failures = raw.attempts - raw.latencies.count + (summarized[start]?.failures ?? 0)
            var window = HistoryWindow(startNs: start, endNs: start + width.nanoseconds, attempts: attempts, failures: failures,
                                       errorRate: Double(failures) / Double(attempts), p50: nil, p90: nil, p99: nil)
            if var histogram = summarized[start]?.histogram {
                for latency in raw.latencies { histogram.record(Int64(latency.rounded())) }
                window.source = raw.attempts > 0 ? .mixed : .summaries
                if histogram.count > 0 {
                    window.p50 = QuantileInterval(histogram: histogram, p: 0.5, confidence: confidence)
                    window.p90 = QuantileInterval(histogram: histogram, p: 0.9, confidence: confidence)
                    window.p99 = QuantileInterval(histogram: histogram, p: 0.99, confidence: confidence)
                }
            } else if !raw.latencies.isEmpty {
                // Selection, not a sort: a day window of a month's history holds some 80,000 values.
                var values = raw.latencies
                let intervals = QuantileInterval.selecting(&values, ps: [0.5, 0.9, 0.99], confidence: confidence)
                window.p50 = intervals[0]
                window.p90 = intervals[1]
                window.p99 = intervals[2]
            }
            return window
        }
    }
}

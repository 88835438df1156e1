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

    /// The non-empty windows of `observations` (any order) at `width`, in time order, with
    /// quantile intervals at `confidence`.
    public static func windows(_ observations: [Observation], width: HistoryBucketWidth,
                               confidence: Double = 0.95) -> [HistoryWindow] {
        var byStart: [Int64: (attempts: Int, latencies: [Double])] = [:]
        for observation in observations {
            let start = width.windowStart(observation.timeNs)
            var entry = byStart[start] ?? (0, [])
            entry.attempts += 1
            if let latency = observation.latencyUs { entry.latencies.append(latency) }
            byStart[start] = entry
        }
        return byStart.keys.sorted().map { start in
            let entry = byStart[start]!
            let sorted = entry.latencies.sorted()
            func interval(_ p: Double) -> QuantileInterval? {
                sorted.isEmpty ? nil : QuantileInterval(sorted: sorted, p: p, confidence: confidence)
            }
            let failures = entry.attempts - sorted.count
            return HistoryWindow(startNs: start, endNs: start + width.nanoseconds, attempts: entry.attempts,
                                 failures: failures, errorRate: Double(failures) / Double(entry.attempts),
                                 p50: interval(0.5), p90: interval(0.9), p99: interval(0.99))
        }
    }
}

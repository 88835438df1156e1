/// Latency under load, per provider, from the load probe's per-interval summaries (which cover
/// every request, stored as a row or not): target vs achieved rate, late and unsent requests,
/// errors by class, and percentiles of latency from the actual send (uncorrected) and from the
/// intended send (corrected for coordinated omission, as wrk2 reports).
public struct LoadAnalysis: Sendable, Equatable {
    /// One provider's numbers.
    public struct Row: Sendable, Equatable {
        public var provider: Provider
        /// Intended requests per second (`nil`: `rate: max`, closed loop).
        public var targetRate: Double?
        /// Successful responses per second over the run's span of intervals.
        public var achievedRate: Double
        public var due: Int
        public var sent: Int
        public var late: Int
        public var ok: Int
        public var errors: [LatencyAnalysis.ErrorCount]
        public var uncorrected: LatencyHistogram
        public var corrected: LatencyHistogram
        /// Seconds covered by the intervals.
        public var seconds: Double

        /// Requests due that were never sent before the run ended.
        public var unsent: Int { max(0, due - sent) }
        public var errorCount: Int { errors.reduce(0) { $0 + $1.count } }
    }

    /// The quantiles a report shows.
    public static let quantiles: [(label: String, q: Double)] = [("p50", 0.5), ("p90", 0.9), ("p99", 0.99),
                                                                  ("p99.9", 0.999), ("max", 1)]

    public var rows: [Row]

    /// Sums each provider's intervals. `targetRate` is the configured rate per provider.
    public init(_ intervals: [(provider: Provider, intervals: [LoadInterval])], targetRate: Double?) {
        rows = intervals.map { provider, intervals in
            var row = Row(provider: provider, targetRate: targetRate, achievedRate: 0, due: 0, sent: 0, late: 0, ok: 0,
                          errors: [], uncorrected: .init(), corrected: .init(), seconds: 0)
            var errors: [ErrorClass: Int] = [:]
            var first = Int64.max, last = Int64.min
            for interval in intervals {
                row.due += interval.due
                row.sent += interval.sent
                row.late += interval.late
                row.ok += interval.ok
                for (error, count) in interval.errors { errors[error, default: 0] += count }
                row.uncorrected.add(interval.uncorrected)
                row.corrected.add(interval.corrected)
                first = min(first, interval.startNs)
                last = max(last, interval.startNs + interval.intervalNs)
            }
            row.errors = errors.sorted { $0.key < $1.key }.map { .init(errorClass: $0.key, count: $0.value) }
            row.seconds = last > first ? Double(last - first) / 1e9 : 0
            row.achievedRate = row.seconds > 0 ? Double(row.ok) / row.seconds : 0
            return row
        }
    }
}

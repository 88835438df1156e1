/// What a history reads of a pruned run's latency-probe summary (`RunProbeSummary`) for one
/// provider: the run's exact figures and, per UTC hour, attempts, failures and the buckets of
/// successful attempts' total time (`LatencyBuckets`, not HDR histograms: see there why).
public struct RunLatencySummary: Sendable, Equatable {
    /// One UTC hour of the run.
    public struct Hour: Sendable, Equatable {
        /// The hour's start, nanoseconds since the epoch.
        public var startNs: Int64
        public var attempts: Int
        public var failures: Int
        /// Total time of the hour's successful attempts.
        public var total: LatencyBuckets

        /// An hour's figures.
        public init(startNs: Int64, attempts: Int, failures: Int, total: LatencyBuckets) {
            self.startNs = startNs
            self.attempts = attempts
            self.failures = failures
            self.total = total
        }
    }

    public var provider: Provider
    public var attempts: Int
    public var failures: Int
    /// Type-7 median and p99 of successful attempts' total time, exact; `nil` when none succeeded.
    public var p50Us: Double?
    public var p99Us: Double?
    /// Oldest first.
    public var hours: [Hour]

    /// A summary as stored.
    public init(provider: Provider, attempts: Int, failures: Int, p50Us: Double?, p99Us: Double?, hours: [Hour]) {
        self.provider = provider
        self.attempts = attempts
        self.failures = failures
        self.p50Us = p50Us
        self.p99Us = p99Us
        self.hours = hours
    }

    /// The history's part of `summary` (a latency probe's).
    public init(_ summary: RunProbeSummary) {
        self.init(provider: summary.provider, attempts: summary.attempts, failures: summary.failures, p50Us: summary.p50Us,
                  p99Us: summary.p99Us, hours: summary.hours.map {
                      Hour(startNs: $0.startNs, attempts: $0.attempts, failures: $0.failures,
                           total: $0.phases[.total].map(LatencyBuckets.init) ?? LatencyBuckets())
                  })
    }
}

/// What `sonde prune` keeps of one provider's samples of one probe in one run once the raw rows
/// are dropped: enough to compute the history report's figures for that run.
///
/// - The per-run series (median and p99 of successful attempts' total time, error rate) exactly:
///   the type-7 quantiles are computed from the raw values before they go, so change points on a
///   pruned history are the ones the raw history gives.
/// - Per UTC hour the run touched, attempts, failures and per phase mark an HDR histogram of
///   successful attempts (three significant digits): hour edges also fall on day edges, so
///   windows of either width are rebuilt exactly from them (window quantiles then carry the
///   histogram's 0.1% precision), and the whole run's histogram is their sum.
/// - For the availability probe, the heartbeats that decide interruptions: the first and the
///   last (the run's observation window), every failure and every success next to a failure.
///   `InterruptionEpisode.find` on these gives the same episodes as on every heartbeat, because
///   a dropped success lies between two successes and starts or ends nothing.
public struct RunProbeSummary: Sendable, Equatable {
    /// libcurl's cumulative phase marks, as the samples table stores them.
    public enum Phase: String, Sendable, CaseIterable, Comparable {
        case dns, connect, tls, ttfb, total

        public static func < (a: Phase, b: Phase) -> Bool { a.rawValue < b.rawValue }

        /// The mark of `sample`, `nil` where the phase did not happen.
        public func value(_ sample: Sample) -> Int64? {
            switch self {
            case .dns: sample.dnsUs
            case .connect: sample.connectUs
            case .tls: sample.tlsUs
            case .ttfb: sample.ttfbUs
            case .total: sample.totalUs
            }
        }
    }

    /// Attempts of one UTC hour.
    public struct Hour: Sendable, Equatable {
        /// The hour's start, nanoseconds since the epoch (attempts counted by intended send time).
        public var startNs: Int64
        public var attempts: Int
        public var failures: Int
        /// The hour's successful attempts' marks, per phase that happened at least once; the
        /// total always (empty when every attempt failed), so that the hour's counts are stored.
        public var phases: [Phase: LatencyHistogram]

        /// An hour's figures.
        public init(startNs: Int64, attempts: Int, failures: Int, phases: [Phase: LatencyHistogram]) {
            self.startNs = startNs
            self.attempts = attempts
            self.failures = failures
            self.phases = phases
        }

        /// Total time of the hour's successful attempts (empty when none had one).
        public var total: LatencyHistogram { phases[.total] ?? LatencyHistogram() }
    }

    public var provider: Provider
    public var probe: ProbeKind
    public var attempts: Int
    public var failures: Int
    /// Failed attempts per error class.
    public var errors: [ErrorClass: Int]
    /// Type-7 quantiles of successful attempts' total time, exact; `nil` when none succeeded.
    public var p50Us: Double?
    public var p90Us: Double?
    public var p99Us: Double?
    /// Oldest first.
    public var hours: [Hour]
    /// Availability probe: the heartbeats that decide interruptions (see above); empty otherwise.
    public var heartbeats: [Sample]

    /// A summary as stored.
    public init(provider: Provider, probe: ProbeKind, attempts: Int, failures: Int, errors: [ErrorClass: Int],
                p50Us: Double?, p90Us: Double?, p99Us: Double?, hours: [Hour],
                heartbeats: [Sample]) {
        self.provider = provider
        self.probe = probe
        self.attempts = attempts
        self.failures = failures
        self.errors = errors
        self.p50Us = p50Us
        self.p90Us = p90Us
        self.p99Us = p99Us
        self.hours = hours
        self.heartbeats = heartbeats
    }

    /// The summary of one provider's samples of one probe (`series.samples` all of `probe`).
    public init(_ series: ProviderSeries, probe: ProbeKind) {
        var totals: [Double] = []
        var errors: [ErrorClass: Int] = [:]
        var hours: [Int64: Hour] = [:]
        for sample in series.samples {
            let hourStart = HistoryBucketWidth.hour.windowStart(sample.intendedNs)
            // Mutated in place: a copy of the hour would copy its histograms on every sample.
            if hours[hourStart] == nil {
                hours[hourStart] = Hour(startNs: hourStart, attempts: 0, failures: 0, phases: [.total: LatencyHistogram()])
            }
            hours[hourStart]!.attempts += 1
            if let error = sample.errorClass {
                errors[error, default: 0] += 1
                hours[hourStart]!.failures += 1
            } else {
                for phase in Phase.allCases {
                    if let value = phase.value(sample) { hours[hourStart]!.phases[phase, default: LatencyHistogram()].record(value) }
                }
                if let total = sample.totalUs { totals.append(Double(total)) }
            }
        }
        totals.sort()
        let failures = errors.values.reduce(0, +)
        self.init(provider: series.provider, probe: probe, attempts: series.samples.count, failures: failures, errors: errors,
                  p50Us: totals.isEmpty ? nil : Quantile.ofSorted(totals, 0.5),
                  p90Us: totals.isEmpty ? nil : Quantile.ofSorted(totals, 0.9),
                  p99Us: totals.isEmpty ? nil : Quantile.ofSorted(totals, 0.99),
                  hours: hours.keys.sorted().map { hours[$0]! },
                  heartbeats: probe == .availability ? Self.deciding(Array(series.samples)) : [])
    }

    /// The whole run's histogram of `phase` (the sum of its hours').
    public func histogram(_ phase: Phase) -> LatencyHistogram {
        var sum = LatencyHistogram()
        for hour in hours { if let values = hour.phases[phase] { sum.add(values) } }
        return sum
    }

    /// The heartbeats that decide interruptions and the observation window, in time order.
    static func deciding(_ samples: [Sample]) -> [Sample] {
        let ordered = samples.sorted { ($0.intendedNs, $0.sequence) < ($1.intendedNs, $1.sequence) }
        return ordered.indices.filter { index in
            index == 0 || index == ordered.count - 1 || ordered[index].errorClass != nil
                || ordered[index - 1].errorClass != nil || ordered[index + 1].errorClass != nil
        }.map { ordered[$0] }
    }

    /// The errors as stored: `class=count` pairs, space-separated, in the vocabulary's order.
    public var errorsText: String {
        errors.keys.sorted().map { "\($0.rawValue)=\(errors[$0]!)" }.joined(separator: " ")
    }

    /// Parses `errorsText`; `nil` for text in another form.
    public static func errors(_ text: String) -> [ErrorClass: Int]? {
        var errors: [ErrorClass: Int] = [:]
        for pair in text.split(separator: " ") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let error = ErrorClass(rawValue: String(parts[0])), let count = Int(parts[1]) else { return nil }
            errors[error] = count
        }
        return errors
    }
}

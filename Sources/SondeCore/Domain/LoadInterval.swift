/// What the load probe saw of one provider during one interval of a run: counts and HDR
/// histograms of the latencies of the requests that finished in it. Stored for every interval
/// (table `load_histograms`), so that a run past the per-request `store_cap` keeps its full
/// distribution and counts.
public struct LoadInterval: Sendable, Equatable {
    public var providerID: Int64
    /// Start of the interval, nanoseconds since the Unix epoch.
    public var startNs: Int64
    public var intervalNs: Int64
    /// Requests whose intended send time fell in the interval.
    public var due: Int
    /// Requests actually sent in the interval.
    public var sent: Int
    /// Of those, sent more than `LoadInterval.lateThresholdNs` after their intended time.
    public var late: Int
    /// Requests that finished in the interval without an error.
    public var ok: Int
    /// Requests that finished in the interval with an error, per class.
    public var errors: [ErrorClass: Int]
    /// Successful requests' latency from the actual send.
    public var uncorrected: LatencyHistogram
    /// Successful requests' latency from the intended send (coordinated-omission corrected).
    public var corrected: LatencyHistogram

    /// A send more than this after its intended time counts as late (1 ms).
    public static let lateThresholdNs: Int64 = 1_000_000

    public init(providerID: Int64, startNs: Int64, intervalNs: Int64, due: Int = 0, sent: Int = 0, late: Int = 0,
                ok: Int = 0, errors: [ErrorClass: Int] = [:], uncorrected: LatencyHistogram = .init(),
                corrected: LatencyHistogram = .init()) {
        self.providerID = providerID
        self.startNs = startNs
        self.intervalNs = intervalNs
        self.due = due
        self.sent = sent
        self.late = late
        self.ok = ok
        self.errors = errors
        self.uncorrected = uncorrected
        self.corrected = corrected
    }

    /// `errors` as stored: `class:count` pairs, space-separated, in the vocabulary's order.
    public var encodedErrors: String {
        errors.sorted { $0.key < $1.key }.map { "\($0.key.rawValue):\($0.value)" }.joined(separator: " ")
    }

    /// Parses `encodedErrors`; unknown classes count as `other`.
    public static func decodeErrors(_ text: String) -> [ErrorClass: Int] {
        var errors: [ErrorClass: Int] = [:]
        for part in text.split(separator: " ") {
            let pair = part.split(separator: ":")
            guard pair.count == 2, let count = Int(pair[1]) else { continue }
            errors[ErrorClass(rawValue: String(pair[0])) ?? .other, default: 0] += count
        }
        return errors
    }
}

/// Where the load probe puts its per-interval summaries.
public protocol LoadIntervalSink: Sendable {
    func record(_ interval: LoadInterval)
}

import Histogram

/// A latency distribution in microseconds kept in an HDR histogram (Gil Tene's HdrHistogram,
/// three significant digits: every value is kept within 0.1%), so that a load run of any
/// length is summarised in bounded memory. Values above one hour are clamped to one hour.
public struct LatencyHistogram: Sendable, Equatable {
    /// One hour in microseconds: the largest value tracked.
    public static let highestTrackableUs: UInt64 = 3_600_000_000

    private var histogram: Histogram<UInt64>
    /// The largest value recorded, exactly (the histogram keeps it only to its precision).
    public internal(set) var maxUs: UInt64 = 0

    public init() {
        histogram = Histogram(lowestDiscernibleValue: 1, highestTrackableValue: Self.highestTrackableUs,
                              numberOfSignificantValueDigits: .three)
    }

    /// Values recorded.
    public var count: Int { Int(histogram.totalCount) }

    /// Records one latency.
    public mutating func record(_ us: Int64) {
        let value = UInt64(min(max(us, 0), Int64(Self.highestTrackableUs)))
        _ = histogram.record(value)
        maxUs = Swift.max(maxUs, value)
    }

    /// Records `count` values of `us` at once (a histogram read back from storage).
    public mutating func record(_ us: Int64, count: UInt64) {
        guard count > 0 else { return }
        let value = UInt64(min(max(us, 0), Int64(Self.highestTrackableUs)))
        _ = histogram.record(value, count: count)
        maxUs = Swift.max(maxUs, value)
    }

    /// Adds every value of `other`.
    public mutating func add(_ other: LatencyHistogram) {
        histogram.add(other.histogram)
        maxUs = Swift.max(maxUs, other.maxUs)
    }

    /// Forgets every value.
    public mutating func reset() {
        histogram.reset()
        maxUs = 0
    }

    /// The value at quantile `q` in [0, 1] (HdrHistogram's definition: the highest value
    /// equivalent to the smallest recorded value with at least `q` of the count at or below it);
    /// the exact maximum for `q == 1`; `nil` when empty.
    public func quantile(_ q: Double) -> Int64? {
        guard count > 0 else { return nil }
        if q >= 1 { return Int64(maxUs) }
        return Int64(min(histogram.valueAtPercentile(q * 100), maxUs))
    }

    /// The mean of the recorded values (at the histogram's precision).
    public var mean: Double? { count > 0 ? histogram.mean : nil }

    /// Every non-empty bucket as its highest equivalent value (µs) and count, ascending: what
    /// an exporter needs to re-encode the histogram (e.g. HdrHistogram's V2 log encoding).
    public var buckets: [(valueUs: UInt64, count: UInt64)] {
        histogram.recordedValues().map { (valueUs: $0.value, count: $0.count) }
    }

    /// A compact text form for storage: `max:<us>` then `<value>:<count>` per non-empty bucket,
    /// space-separated, where value is the bucket's highest equivalent value in microseconds.
    public func encoded() -> String {
        var parts = ["max:\(maxUs)"]
        for bucket in histogram.recordedValues() {
            parts.append("\(bucket.value):\(bucket.count)")
        }
        return parts.joined(separator: " ")
    }

    /// Parses `encoded()`; `nil` for text in another form.
    public init?(encoded text: String) {
        self.init()
        for part in text.split(separator: " ") {
            let pair = part.split(separator: ":")
            guard pair.count == 2, let count = UInt64(pair[1]) else { return nil }
            if pair[0] == "max" {
                maxUs = count
                continue
            }
            guard let value = UInt64(pair[0]), value <= Self.highestTrackableUs else { return nil }
            _ = histogram.record(value, count: count)
        }
    }

    public static func == (lhs: LatencyHistogram, rhs: LatencyHistogram) -> Bool {
        lhs.maxUs == rhs.maxUs && lhs.encoded() == rhs.encoded()
    }
}

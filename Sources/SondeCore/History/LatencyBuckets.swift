/// A stored histogram's non-empty buckets, read from `LatencyHistogram.compact()` bytes without
/// building the HDR histogram: each bucket's highest equivalent value and count, ascending, and
/// the exact maximum.
///
/// A pruned month of runs holds some 50,000 hourly histograms. Building each as a
/// `LatencyHistogram` allocates and clears its whole counts array (some 190 KB) and reading it
/// back walks every slot of that array; the buckets a run's hour actually fills are a few hundred.
/// Recording these buckets into a histogram gives the histogram `init?(compact:)` gives.
public struct LatencyBuckets: Sendable, Equatable {
    /// Each non-empty bucket's highest equivalent value in µs, ascending.
    public var valuesUs: [UInt64] = []
    /// The count of each bucket, in the same order.
    public var counts: [UInt64] = []
    /// The largest value recorded, exactly; 0 when empty.
    public var maxUs: UInt64 = 0

    /// No values.
    public init() {}

    /// The buckets of `compact()` bytes; `nil` for bytes in another form (what
    /// `LatencyHistogram.init?(compact:)` refuses).
    public init?(compact bytes: [UInt8]) {
        guard bytes.first == 1 else { return nil }
        var offset = 1
        guard let max = LatencyHistogram.varint(bytes, &offset) else { return nil }
        var value: UInt64 = 0
        while offset < bytes.count {
            guard let delta = LatencyHistogram.varint(bytes, &offset), let count = LatencyHistogram.varint(bytes, &offset) else {
                return nil
            }
            let (sum, overflow) = value.addingReportingOverflow(delta)
            guard !overflow, sum <= 2 * LatencyHistogram.highestTrackableUs else { return nil }
            value = sum
            // A histogram records no empty bucket; recording a count of 0 is a no-op there too.
            guard count > 0 else { continue }
            valuesUs.append(value)
            counts.append(count)
        }
        if !counts.isEmpty { maxUs = max }
    }

    /// The buckets of `histogram`.
    public init(_ histogram: LatencyHistogram) {
        for bucket in histogram.buckets {
            valuesUs.append(bucket.valueUs)
            counts.append(bucket.count)
        }
        maxUs = histogram.count > 0 ? histogram.maxUs : 0
    }

    /// Values held.
    public var count: Int { counts.reduce(0) { $0 + Int($1) } }
}

extension LatencyHistogram {
    /// Adds every value of `buckets`: the same histogram as adding `LatencyHistogram(buckets)`.
    public mutating func add(_ buckets: LatencyBuckets) {
        guard !buckets.counts.isEmpty else { return }
        let before = maxUs
        for (value, count) in zip(buckets.valuesUs, buckets.counts) { record(Int64(value), count: count) }
        // Recording a bucket's highest equivalent value raises `maxUs` past the exact maximum.
        maxUs = Swift.max(before, buckets.maxUs)
    }

    /// The histogram of `buckets`.
    public init(_ buckets: LatencyBuckets) {
        self.init()
        add(buckets)
    }
}

extension Moments {
    /// The moments of the values in `buckets`, each bucket at its highest equivalent value capped
    /// at the exact maximum (as `init(histogram:)`, value for value).
    public init(buckets: LatencyBuckets) {
        self.init()
        for (value, count) in zip(buckets.valuesUs, buckets.counts) {
            merge(Moments(count: Int(count), mean: Double(Swift.min(value, buckets.maxUs)), m2: 0))
        }
    }
}

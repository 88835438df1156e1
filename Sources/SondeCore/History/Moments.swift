/// Count, mean and sum of squared deviations of a set of values, mergeable without the values
/// (Welford 1962 for one value at a time; Chan, Golub & LeVeque 1979 for merging two sets), so a
/// run's variance can be kept per hour and pooled across runs and providers exactly.
public struct Moments: Sendable, Equatable, Codable {
    public var count: Int = 0
    public var mean: Double = 0
    /// Σ (x − mean)².
    public var m2: Double = 0

    /// No values.
    public init() {}

    /// The moments of the values in `histogram`, each bucket at its highest equivalent value
    /// (so within the histogram's 0.1% precision).
    public init(histogram: LatencyHistogram) {
        for bucket in histogram.buckets {
            merge(Moments(count: Int(bucket.count), mean: Double(Swift.min(bucket.valueUs, histogram.maxUs)), m2: 0))
        }
    }

    init(count: Int, mean: Double, m2: Double) {
        self.count = count
        self.mean = mean
        self.m2 = m2
    }

    /// Adds one value.
    public mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        m2 += delta * (value - mean)
    }

    /// Adds every value of `other`.
    public mutating func merge(_ other: Moments) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let total = count + other.count
        let delta = other.mean - mean
        mean += delta * Double(other.count) / Double(total)
        m2 += other.m2 + delta * delta * Double(count) * Double(other.count) / Double(total)
        count = total
    }

    /// The sample variance (n − 1); `nil` below two values.
    public var variance: Double? { count >= 2 ? m2 / Double(count - 1) : nil }
}

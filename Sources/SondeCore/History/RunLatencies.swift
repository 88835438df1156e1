/// One provider's latency-probe attempts in one run, reduced to what a history reads of them:
/// when each attempt was meant to be sent and, when it succeeded, its total time.
///
/// A history over a month of runs reads tens of millions of attempts (issue 18: 30,000,000 in
/// under 30 s). Carrying two integers per attempt, read from three columns, instead of a whole
/// `Sample` packed into `SampleColumns` and unpacked again, is most of what that costs.
public struct RunLatencies: Sendable, Equatable {
    /// The provider probed.
    public var provider: Provider
    /// When each attempt was meant to be sent, nanoseconds since the epoch, in schedule order.
    public var intendedNs: [Int64]
    /// Each attempt's total time in µs when it succeeded (no error class and a total time, as
    /// `Sample.succeeded`); `nil` when it failed. Same order and count as `intendedNs`.
    public var totalUs: [Int64?]

    /// `provider`'s attempts: `intendedNs` and `totalUs` pairwise (equal counts).
    public init(provider: Provider, intendedNs: [Int64] = [], totalUs: [Int64?] = []) {
        precondition(intendedNs.count == totalUs.count, "one total (or nil) per attempt")
        self.provider = provider
        self.intendedNs = intendedNs
        self.totalUs = totalUs
    }

    /// The attempts of `series` (a latency probe's samples), in their order.
    public init(_ series: ProviderSeries) {
        self.init(provider: series.provider)
        let samples = series.samples
        intendedNs.reserveCapacity(samples.count)
        totalUs.reserveCapacity(samples.count)
        for i in samples.indices {
            let sample = samples[i]
            append(intendedNs: sample.intendedNs, totalUs: sample.errorClass == nil ? sample.totalUs : nil)
        }
    }

    /// Attempts held.
    public var count: Int { intendedNs.count }

    /// Adds one attempt: meant to be sent at `intendedNs`, successful with `totalUs` or failed with `nil`.
    public mutating func append(intendedNs time: Int64, totalUs total: Int64?) {
        intendedNs.append(time)
        totalUs.append(total)
    }
}

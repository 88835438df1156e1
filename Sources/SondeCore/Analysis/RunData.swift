/// Everything stored about one run, as analysis needs it: the run and, per provider, its samples
/// in time order.
public struct RunData: Sendable {
    public var run: RunRecord
    public var series: [ProviderSeries]

    public init(run: RunRecord, series: [ProviderSeries]) {
        self.run = run
        self.series = series
    }
}

/// One provider's samples of one probe kind, in schedule order.
public struct ProviderSeries: Sendable {
    public var provider: Provider
    public var samples: [Sample]

    public init(provider: Provider, samples: [Sample]) {
        self.provider = provider
        self.samples = samples
    }
}

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

/// One provider's samples of one probe kind, in schedule order, held column by column
/// (`SampleColumns`: a run of millions of samples must fit a report's memory).
public struct ProviderSeries: Sendable {
    public var provider: Provider
    public var samples: SampleColumns

    public init(provider: Provider, samples: SampleColumns) {
        self.provider = provider
        self.samples = samples
    }

    public init(provider: Provider, samples: [Sample]) {
        self.init(provider: provider, samples: SampleColumns(samples))
    }
}

/// A sample sink that passes every sample on to `next` (the database writer) and tells
/// `metrics` about it with its provider, so live metrics see exactly what is stored.
public struct MetricsTap: SampleSink {
    private let next: any SampleSink
    private let metrics: any MetricsSink
    private let providers: [Int64: Provider]

    /// `providers`: the store's provider ids of this run.
    public init(next: any SampleSink, metrics: any MetricsSink, providers: [Int64: Provider]) {
        self.next = next
        self.metrics = metrics
        self.providers = providers
    }

    public func record(_ sample: Sample) {
        next.record(sample)
        if let provider = providers[sample.providerID] {
            metrics.record(.sample(sample, provider: provider))
        }
    }
}

/// Everything stored about one run that its analysis reads, per probe kind; what a store returns
/// for a selected run, so the analysis never knows which backend it came from.
public struct RunParts: Sendable {
    /// The run and its latency samples.
    public var latency: RunData
    /// Bandwidth transfers per provider.
    public var bandwidth: [ProviderSeries]
    /// The load probe's per-interval summaries per provider.
    public var loadIntervals: [(provider: Provider, intervals: [LoadInterval])]
    /// LLM requests per provider.
    public var llm: [LLMProviderData]
    /// Heartbeats per provider.
    public var heartbeats: [ProviderSeries]
    /// Provisioning attempts.
    public var provisions: [ProvisionRecord]

    public var run: RunRecord { latency.run }

    public init(latency: RunData, bandwidth: [ProviderSeries] = [], loadIntervals: [(provider: Provider, intervals: [LoadInterval])] = [],
                llm: [LLMProviderData] = [], heartbeats: [ProviderSeries] = [], provisions: [ProvisionRecord] = []) {
        self.latency = latency
        self.bandwidth = bandwidth
        self.loadIntervals = loadIntervals
        self.llm = llm
        self.heartbeats = heartbeats
        self.provisions = provisions
    }
}

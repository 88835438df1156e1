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
    /// Samples of every other probe kind (e.g. `tcp`), per provider: kinds whose samples are
    /// attempts with phase marks, analysed like latency attempts without any code of their own.
    public var attempts: [ProbeKind: [ProviderSeries]]

    /// Kinds that `RunParts` holds in fields of their own; every other kind goes to `attempts`.
    public static let ownFields: Set<ProbeKind> = [.latency, .bandwidth, .load, .llm, .availability, .provision]

    public var run: RunRecord { latency.run }

    public init(latency: RunData, bandwidth: [ProviderSeries] = [], loadIntervals: [(provider: Provider, intervals: [LoadInterval])] = [],
                llm: [LLMProviderData] = [], heartbeats: [ProviderSeries] = [], provisions: [ProvisionRecord] = [],
                attempts: [ProbeKind: [ProviderSeries]] = [:]) {
        self.latency = latency
        self.bandwidth = bandwidth
        self.loadIntervals = loadIntervals
        self.llm = llm
        self.heartbeats = heartbeats
        self.provisions = provisions
        self.attempts = attempts
    }
}

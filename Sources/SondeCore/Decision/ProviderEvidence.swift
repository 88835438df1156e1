/// What was measured about one provider, the inputs of its training verdicts.
public struct ProviderEvidence: Sendable, Equatable {
    /// The provider's configured name.
    public var provider: String
    /// Interruptions seen by the heartbeat probe.
    public var interruptions: Int
    /// Up-time watched, seconds (the MTBF's time at risk).
    public var timeAtRiskSeconds: Double
    /// Measured times to provision (request to reachable), seconds; empty when not measured.
    public var provisionSeconds: [Double]
    /// Its price in the report currency, with billing and stated wait.
    public var price: ResolvedPrice

    /// Evidence as measured.
    public init(provider: String, interruptions: Int, timeAtRiskSeconds: Double, provisionSeconds: [Double], price: ResolvedPrice) {
        self.provider = provider
        self.interruptions = interruptions
        self.timeAtRiskSeconds = timeAtRiskSeconds
        self.provisionSeconds = provisionSeconds
        self.price = price
    }

    /// Observed interruption rate per second (0 with none seen).
    public var rate: Double { timeAtRiskSeconds > 0 ? Double(interruptions) / timeAtRiskSeconds : 0 }
}

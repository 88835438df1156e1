extension EmulatedProviderSpec {
    /// A planted change (fleet key `change`): from `after` since the fleet started, the body of the
    /// latency distribution has its median multiplied by `medianFactor` and, when given, its
    /// log-sd replaced by `sigma`. Spikes and episodes stay as they were. The random draws are
    /// the same as without the change (it scales them), so a seeded fleet replays exactly and a
    /// change-point test knows the true time and size of the shift.
    public struct Change: Codable, Sendable, Equatable {
        /// When the change takes effect, counted from the fleet's start.
        public var after: Duration
        /// The factor on the median from then on (> 0).
        public var medianFactor: Double
        /// The log-sd from then on, or `nil` to keep the provider's.
        public var sigma: Double?

        public init(after: Duration, medianFactor: Double, sigma: Double? = nil) {
            self.after = after
            self.medianFactor = medianFactor
            self.sigma = sigma
        }
    }
}

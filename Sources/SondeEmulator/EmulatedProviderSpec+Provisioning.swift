extension EmulatedProviderSpec {
    /// How an emulated provider hands out machines (fleet key `provisioning`), in modelled
    /// (real-world) time; the fleet's `provisioning_scale` divides every wait so that a demo
    /// takes seconds. Each wait is log-normal with median as given and log-sd `jitter`.
    public struct Provisioning: Codable, Sendable, Equatable {
        /// Until the provider's API answers the create request with an id.
        public var accept: Duration
        /// Waiting for capacity (a queue for scarce GPUs) before the machine starts booting.
        public var queue: Duration
        /// Booting until the provider reports the machine running.
        public var boot: Duration
        public var jitter: Double
        /// The chance that a machine fails while booting (reported as state `failed`).
        public var failure: Double
        /// The chance that a create request is refused for lack of capacity (HTTP 503).
        public var noCapacity: Double

        public init(accept: Duration, queue: Duration, boot: Duration, jitter: Double = 0, failure: Double = 0,
                    noCapacity: Double = 0) {
            self.accept = accept
            self.queue = queue
            self.boot = boot
            self.jitter = jitter
            self.failure = failure
            self.noCapacity = noCapacity
        }
    }
}

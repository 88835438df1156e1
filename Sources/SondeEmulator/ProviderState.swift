/// The mutable state one provider's concurrent handlers share: its request generators, its
/// request counts and the port it listens on.
final class ProviderState: Sendable {
    private struct Shared {
        var generator: SplitMix64
        /// Draws whether a request gets the fault (`fault_probability`); apart from `generator`
        /// so that adding a probability does not change the provider's delays.
        var faultGenerator: SplitMix64
        var received = 0
        var inFlight = 0
        var authorized = 0
        var unauthorized = 0
        var port: UInt16?
    }

    private let shared: Locked<Shared>

    init(seed: UInt64, faultSeed: UInt64 = 0) {
        shared = Locked(Shared(generator: SplitMix64(seed: seed), faultGenerator: SplitMix64(seed: faultSeed)))
    }

    /// Counts a request as received and in flight, and draws its delay.
    func begin(_ draw: (inout SplitMix64) -> Duration) -> Duration {
        shared.withLock { state in
            state.received += 1
            state.inFlight += 1
            return draw(&state.generator)
        }
    }

    /// Counts a request as answered, failed or cancelled.
    func end() {
        shared.withLock { $0.inFlight -= 1 }
    }

    /// Whether the next request gets the fault, with chance `probability`.
    func drawFault(probability: Double) -> Bool {
        shared.withLock { $0.faultGenerator.nextOpenUnit() < probability }
    }

    /// Counts a request that did (or did not) carry the required header.
    func countAuthorization(_ authorized: Bool) {
        shared.withLock { state in
            if authorized { state.authorized += 1 } else { state.unauthorized += 1 }
        }
    }

    /// Requests received so far and those not yet answered; tests wait on these instead of
    /// sleeping for a guessed time.
    var counts: (received: Int, inFlight: Int) {
        shared.withLock { ($0.received, $0.inFlight) }
    }

    /// Requests that carried the required header exactly, and those answered 401.
    var authorizationCounts: (authorized: Int, unauthorized: Int) {
        shared.withLock { ($0.authorized, $0.unauthorized) }
    }

    /// The port the provider listens on, once it does: a `reset` finds its connection by it.
    var port: UInt16? {
        get { shared.withLock { $0.port } }
        set { shared.withLock { $0.port = newValue } }
    }
}

/// The mutable state one provider's concurrent handlers share: its request generator and its
/// request counts.
final class ProviderState: Sendable {
    private struct Shared {
        var generator: SplitMix64
        var received = 0
        var inFlight = 0
    }

    private let shared: Locked<Shared>

    init(seed: UInt64) {
        shared = Locked(Shared(generator: SplitMix64(seed: seed)))
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

    /// Requests received so far and those not yet answered; tests wait on these instead of
    /// sleeping for a guessed time.
    var counts: (received: Int, inFlight: Int) {
        shared.withLock { ($0.received, $0.inFlight) }
    }
}

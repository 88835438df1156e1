/// A random delay added to each scheduled start, so that many vantage points on the same
/// schedule do not hit a provider in the same second. Uniform in [0, maximum), drawn from a
/// seeded generator so a test (or a user) can reproduce the delays.
public struct StartJitter: Sendable {
    public let maximum: Duration
    private var generator: SeededGenerator

    public init(maximum: Duration, seed: UInt64) {
        self.maximum = maximum
        generator = SeededGenerator(seed: seed)
    }

    /// The next round's delay.
    public mutating func next() -> Duration {
        let span = maximum.nanoseconds
        guard span > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0..<span, using: &generator))
    }
}

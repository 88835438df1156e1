import Foundation

/// Wall-clock timestamps read from a monotonic clock: the wall clock is read once, at the start,
/// and every later time is that plus monotonic elapsed time, so an NTP step during a run can
/// neither reorder samples nor bend a latency.
public struct TimeBase: Sendable {
    public let epochNs: Int64
    public let start: ContinuousClock.Instant

    public init() {
        start = ContinuousClock.now
        epochNs = Int64((Date().timeIntervalSince1970 * 1e9).rounded())
    }

    /// Nanoseconds since the Unix epoch, now.
    public func nowNs() -> Int64 { epochNs + (ContinuousClock.now - start).nanoseconds }

    /// Time elapsed since the start.
    public func elapsed() -> Duration { ContinuousClock.now - start }
}

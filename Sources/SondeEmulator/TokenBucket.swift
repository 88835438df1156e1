import Foundation

/// One provider's link: every transfer of the provider (downloads and uploads, concurrent or
/// not) draws its bytes from this shared budget, so two transfers at once share the bandwidth
/// as on a real uplink. A token bucket whose depth is one piece: an idle link cannot burst, so
/// a transfer of `n` bytes takes `n / rate` from its first byte, which is what the bandwidth
/// probe is tested against.
///
/// Each transfer passes the end of its previous reservation (`after`), so the time a task
/// takes to wake up after its deadline is not lost: only an idle link forgets its past.
final class TokenBucket: Sendable {
    private let nextFree = Locked<ContinuousClock.Instant?>(nil)

    /// Reserves link time for `bytes` at `bytesPerSecond`, starting no earlier than `after` (the
    /// end of this transfer's previous piece, or now for its first), and returns when that time
    /// ends: the caller sends (or reads) the piece then and passes the result as the next `after`.
    func reserve(_ bytes: Int, bytesPerSecond: Double, after: ContinuousClock.Instant) -> ContinuousClock.Instant {
        let length = Duration.nanoseconds(Int64(Double(bytes) / bytesPerSecond * 1e9))
        return nextFree.withLock { next in
            let end = Swift.max(next ?? after, after) + length
            next = end
            return end
        }
    }
}

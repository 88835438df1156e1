import FlyingSocks
import Foundation

/// A generated body of `count` bytes sent in pieces of at most `pieceSize`, each when the
/// provider's link has carried it (see `TokenBucket`); unshaped when `link` is nil.
struct ShapedBody: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8

    /// The bytes every body repeats: printable, not all one value.
    static let pattern: Data = Data((0..<pieceSize).map { UInt8(ascii: "a") + UInt8($0 % 26) })
    static let pieceSize = 64 * 1024

    let count: Int
    let link: TokenBucket?
    let bytesPerSecond: Double

    func makeAsyncIterator() -> Iterator {
        Iterator(body: self)
    }

    struct Iterator: AsyncBufferedIteratorProtocol {
        let body: ShapedBody
        var sent = 0
        /// The end of the previous piece's link time.
        var cursor: ContinuousClock.Instant?

        mutating func next() async throws -> UInt8? {
            try await nextBuffer(suggested: 1)?.first
        }

        mutating func nextBuffer(suggested count: Int) async throws -> Data? {
            guard sent < body.count else { return nil }
            let size = Swift.min(ShapedBody.pieceSize, body.count - sent)
            if let link = body.link {
                let end = link.reserve(size, bytesPerSecond: body.bytesPerSecond, after: cursor ?? ContinuousClock.now)
                cursor = end
                try await Task.sleep(until: end, clock: .continuous)
            }
            sent += size
            return ShapedBody.pattern.prefix(size)
        }
    }
}

import FlyingSocks
import Foundation

/// A response body sent piece by piece, piece `i` not before `i * interval` after the first:
/// the building block for bandwidth shaping (fixed-size pieces under a Content-Length) and
/// server-sent events (one event per piece, each its own HTTP chunk).
///
/// FlyingFox writes every buffer this sequence yields to the socket as soon as it is yielded
/// (`HTTPConnection.sendResponse` loops over the body), and `NoDelaySocketPool` keeps Nagle from
/// holding small pieces back. Wrap it as `HTTPBodySequence(from: body, count: body.count,
/// suggestedBufferSize: largest piece)` for a sized body or `HTTPBodySequence(from: body)` for
/// `Transfer-Encoding: chunked`. Deadlines are absolute, so slow scheduling does not accumulate.
struct PacedBody: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8

    let pieces: [Data]
    let interval: Duration
    /// When set, piece `i` is sent not before `deadlines[i]` instead of `i * interval` after the
    /// first (token streams whose gaps vary).
    var deadlines: [ContinuousClock.Instant]? = nil

    /// The total size, for a Content-Length.
    var count: Int {
        pieces.reduce(0) { $0 + $1.count }
    }

    func makeAsyncIterator() -> Iterator {
        Iterator(pieces: pieces, interval: interval, deadlines: deadlines)
    }

    struct Iterator: AsyncBufferedIteratorProtocol {
        private let pieces: [Data]
        private let interval: Duration
        private let deadlines: [ContinuousClock.Instant]?
        private var piece = 0
        private var offset = 0
        private var start: ContinuousClock.Instant?

        init(pieces: [Data], interval: Duration, deadlines: [ContinuousClock.Instant]? = nil) {
            self.pieces = pieces
            self.interval = interval
            self.deadlines = deadlines
        }

        mutating func next() async throws -> UInt8? {
            try await nextBuffer(suggested: 1)?.first
        }

        /// The rest of the current piece, at most `count` bytes; waits for the piece's deadline
        /// before its first byte.
        mutating func nextBuffer(suggested count: Int) async throws -> Data? {
            while piece < pieces.count, offset == pieces[piece].count {
                (piece, offset) = (piece + 1, 0)
            }
            guard piece < pieces.count else { return nil }
            if offset == 0 {
                let first = start ?? ContinuousClock.now
                start = first
                try await Task.sleep(until: deadlines?[piece] ?? first + interval * piece, clock: .continuous)
            }
            let data = pieces[piece]
            let begin = data.startIndex + offset
            let end = Swift.min(begin + Swift.max(count, 1), data.endIndex)
            offset += end - begin
            return data[begin..<end]
        }
    }
}

import FlyingSocks
import Foundation

/// A server-sent-event body whose events are sent as a batching server produces tokens: `head`
/// at once, then event `i` as soon as token `i` arrives on `tokens`, then `tail` after the last
/// token. `event(i)` returning nil ends the body there (a stream cut short, without `tail`).
///
/// The body owns its request's place in the scheduler: when FlyingFox drops it (the response is
/// sent, or the client went away) the request is cancelled, so a vanished client frees its slot.
struct TokenStreamBody: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8

    let tokens: LLMScheduler.Tokens
    let head: Data
    let event: @Sendable (Int) -> Data?
    let tail: Data
    /// Cancels the request in the scheduler once the last copy of this body is gone.
    let lease: Lease

    /// Runs `release` when deinitialised.
    final class Lease: Sendable {
        private let release: @Sendable () -> Void

        init(_ release: @escaping @Sendable () -> Void) {
            self.release = release
        }

        deinit { release() }
    }

    func makeAsyncIterator() -> Iterator {
        Iterator(body: self)
    }

    struct Iterator: AsyncBufferedIteratorProtocol {
        private let body: TokenStreamBody
        private var tokens: LLMScheduler.Tokens.AsyncIterator
        private var pending: Data
        private var index = 0
        private var ended = false

        init(body: TokenStreamBody) {
            self.body = body
            tokens = body.tokens.makeAsyncIterator()
            pending = body.head
        }

        mutating func next() async throws -> UInt8? {
            try await nextBuffer(suggested: 1)?.first
        }

        /// The rest of the current event, at most `count` bytes; waits for the next token when
        /// the event is sent.
        mutating func nextBuffer(suggested count: Int) async throws -> Data? {
            while pending.isEmpty {
                if ended { return nil }
                if await tokens.next() != nil {
                    if let data = body.event(index) {
                        pending = data
                        index += 1
                    } else {
                        ended = true
                    }
                } else {
                    try Task.checkCancellation()
                    pending = body.tail
                    ended = true
                }
            }
            let size = Swift.min(Swift.max(count, 1), pending.count)
            defer { pending = Data(pending.dropFirst(size)) }
            return Data(pending.prefix(size))
        }
    }
}

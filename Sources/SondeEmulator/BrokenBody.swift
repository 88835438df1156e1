import FlyingSocks
import Foundation

/// A response body that sends `prefix` and then fails, which makes FlyingFox close the
/// connection (`HTTPServer.handleConnection` closes it on any error) with fewer bytes sent
/// than its `Content-Length` announced.
///
/// A plain close sends FIN: the client sees a body shorter than announced (libcurl's
/// `CURLE_PARTIAL_FILE`, class `truncated`). With `connection` set, the socket first gets
/// `SO_LINGER {on, 0}`, so the close sends RST instead and the client's next read fails with
/// `ECONNRESET` (`CURLE_RECV_ERROR`, class `reset`). FlyingFox does not hand its sockets to
/// handlers, so the socket is found by its addresses (see ``ConnectionReset``).
struct BrokenBody: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8

    /// What is sent before the break.
    let prefix: Data
    /// The listening port and the client's port of the connection to reset, or `nil` for a
    /// plain close. A `nil` peer (an address FlyingFox did not report) also falls back to a close.
    let connection: (local: UInt16, peer: UInt16?)?

    /// Long enough for the client to have read the headers and the prefix, so the break lands
    /// in the middle of the body rather than racing the headers.
    static let pause: Duration = .milliseconds(50)

    struct Broken: Error {}

    func makeAsyncIterator() -> Iterator {
        Iterator(body: self)
    }

    struct Iterator: AsyncBufferedIteratorProtocol {
        let body: BrokenBody
        var sent = false

        mutating func next() async throws -> UInt8? {
            try await nextBuffer(suggested: 1)?.first
        }

        mutating func nextBuffer(suggested count: Int) async throws -> Data? {
            if !sent {
                sent = true
                return body.prefix
            }
            try await Task.sleep(for: BrokenBody.pause)
            if let connection = body.connection, let peer = connection.peer {
                ConnectionReset.arm(localPort: connection.local, peerPort: peer)
            }
            throw Broken()
        }
    }
}

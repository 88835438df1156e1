import FlyingSocks
import Foundation

/// FlyingFox's socket pool with Nagle's algorithm turned off on every socket it waits on.
///
/// FlyingFox writes a response's header and body in two `send` calls and sets no socket
/// options. With Nagle on, the body waits for the ACK of the header, which the client's
/// delayed-ACK timer holds back: every keep-alive response after the first arrived ~40 ms late
/// (measured here: 44 ms median extra on a 20 ms model delay). FlyingFox has no hook for
/// accepted sockets, but every socket it waits on passes through the pool, the listener first,
/// and Linux (like BSD) copies TCP_NODELAY from a listener to the sockets it accepts.
struct NoDelaySocketPool<Base: AsyncSocketPool>: AsyncSocketPool {
    private let base: Base
    private let firstSuspension: AsyncStream<Void>.Continuation
    /// Yields once the listener has been configured (or ends when the pool stops).
    let listenerConfigured: AsyncStream<Void>

    init(_ base: Base) {
        self.base = base
        (listenerConfigured, firstSuspension) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func prepare() async throws {
        try await base.prepare()
    }

    func run() async throws {
        defer { firstSuspension.finish() }
        try await base.run()
    }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        // One setsockopt per wait: cheaper than tracking which descriptors were seen, and
        // correct when a descriptor number is reused by a new connection.
        try? socket.setValue(true, for: BoolSocketOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY))
        firstSuspension.yield()
        firstSuspension.finish()
        try await base.suspendSocket(socket, untilReadyFor: events)
    }
}

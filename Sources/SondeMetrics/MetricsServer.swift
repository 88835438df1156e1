import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// Serves a metrics exposition over HTTP on `GET /metrics` (FlyingFox, the server the emulator
/// already uses). Binds loopback unless told otherwise: what sonde measures is not for everyone.
public final class MetricsServer: Sendable {
    private let server: HTTPServer
    private let task: Task<Void, any Error>
    /// The port the server listens on (the OS's choice when asked for port 0).
    public let port: UInt16
    /// The address it is bound to, as given.
    public let bind: String

    /// The content type of the Prometheus text format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Starts serving `exposition()` and returns once the server listens.
    public static func start(bind: String, port: UInt16,
                             exposition: @escaping @Sendable () -> [UInt8]) async throws(MetricsServerError) -> MetricsServer {
        do {
            let server = bind.contains(":")
                ? HTTPServer(config: .init(address: try .inet6(ip6: bind, port: port), timeout: 15, logger: .disabled))
                : HTTPServer(config: .init(address: try .inet(ip4: bind, port: port), timeout: 15, logger: .disabled))
            await server.appendRoute("GET /metrics") { _ in
                HTTPResponse(statusCode: .ok, headers: [.contentType: contentType], body: Data(exposition()))
            }
            await server.appendRoute("GET /") { _ in
                HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                             body: Data("sonde: metrics at /metrics\n".utf8))
            }
            // Poll rather than `waitUntilListening`, which would sit out its whole timeout after
            // a failed bind (address in use) instead of reporting it.
            let failure = Mutex<(any Error)?>(nil)
            let task = Task {
                do {
                    try await server.run()
                } catch {
                    failure.withLock { $0 = error }
                    throw error
                }
            }
            let deadline = ContinuousClock.now + .seconds(5)
            while await !server.isListening {
                if let error = failure.withLock({ $0 }) { throw error }
                guard ContinuousClock.now < deadline else {
                    await server.stop(timeout: 0)
                    throw SocketError.disconnected
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            guard let listening = await server.listeningAddress else { throw SocketError.disconnected }
            let bound: UInt16
            switch listening {
            case .ip4(_, let p), .ip6(_, let p): bound = p
            default: throw SocketError.unsupportedAddress
            }
            return MetricsServer(server: server, task: task, port: bound, bind: bind)
        } catch {
            throw MetricsServerError(bind: bind, port: port, problem: "\(error)")
        }
    }

    private init(server: HTTPServer, task: Task<Void, any Error>, port: UInt16, bind: String) {
        self.server = server
        self.task = task
        self.port = port
        self.bind = bind
    }

    /// The URL of the exposition.
    public var url: String {
        bind.contains(":") ? "http://[\(bind)]:\(port)/metrics" : "http://\(bind):\(port)/metrics"
    }

    /// Closes the listener and waits for the server to end.
    public func stop() async {
        await server.stop(timeout: 1)
        _ = await task.result
    }
}

/// The metrics endpoint could not be served.
public struct MetricsServerError: Error, Sendable, CustomStringConvertible {
    public var bind: String
    public var port: UInt16
    public var problem: String
    public var description: String { "cannot serve metrics on \(bind):\(port): \(problem)" }
}

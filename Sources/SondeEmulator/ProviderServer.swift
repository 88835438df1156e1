import FlyingFox
import SondeCore
import FlyingSocks
import Foundation

/// One running emulated provider: a FlyingFox server on an OS-chosen loopback port, or, for a
/// `refuse` provider, a port that is bound but never listened on.
struct ProviderServer: Sendable {
    /// What the fleet advertises for this provider.
    let endpoint: EmulatedEndpoint
    /// Request counts, for tests; `nil` for a `refuse` provider, which never sees a request.
    let state: ProviderState?
    /// The batching LLM server, when the provider's `llm` model has a capacity; for tests.
    var scheduler: LLMScheduler? = nil
    private let running: Running

    private enum Running: Sendable {
        case server(HTTPServer, Task<Void, any Error>)
        /// A socket bound to the advertised port and not listening: the kernel answers a SYN
        /// with RST (connection refused), and, unlike a closed port, nobody else can take it
        /// while the fleet runs.
        case refused(Socket)
    }

    /// A handler runs until the model's delay is over or the fleet stops; FlyingFox's default
    /// 15 s handler timeout would turn a stall or a long episode into a 500.
    static let handlerTimeout: TimeInterval = 7 * 24 * 3600

    /// Starts the provider and returns once it listens (or its port is reserved).
    static func start(_ provider: EmulatedProviderSpec, fleetSeed: UInt64, origin: ContinuousClock.Instant,
                      provisioningScale: Double = 1) async throws(ConfigError) -> ProviderServer {
        do {
            if provider.fault == .refuse {
                let socket = try Socket(domain: AF_INET, type: .stream)
                try socket.bind(to: .inet(ip4: "127.0.0.1", port: 0))
                return ProviderServer(endpoint: endpoint(provider, port: try port(of: socket.sockname())),
                                      state: nil, running: .refused(socket))
            }
            let handler = ProviderHandler(provider, fleetSeed: fleetSeed, origin: origin, provisioningScale: provisioningScale)
            let pool = NoDelaySocketPool(HTTPServer.defaultPool())
            let server = HTTPServer(
                config: .init(address: try .inet(ip4: "127.0.0.1", port: 0),
                              timeout: handlerTimeout,
                              // Uploads are read in 64 KiB pieces, each paced by the link.
                              sharedRequestBufferSize: 64 * 1024,
                              pool: pool,
                              logger: .disabled),
                handler: handler
            )
            let task = Task { try await server.run() }
            do {
                try await server.waitUntilListening(timeout: 5)
            } catch {
                // The run task's error (a failed bind, say) says more than the wait's timeout.
                await server.stop(timeout: 0)
                if case .failure(let failure) = await task.result { throw failure }
                throw error
            }
            // Advertise the port only once the listener has TCP_NODELAY, which accepted sockets inherit.
            for await _ in pool.listenerConfigured { break }
            guard let address = await server.listeningAddress else {
                await server.stop(timeout: 0)
                throw SocketError.disconnected
            }
            let port = try port(of: address)
            handler.state.port = port
            return ProviderServer(endpoint: endpoint(provider, port: port), state: handler.state,
                                  scheduler: handler.llm?.scheduler, running: .server(server, task))
        } catch {
            throw ConfigError(source: "fleet", line: nil, field: provider.name,
                             problem: "cannot listen on 127.0.0.1: \(error.localizedDescription)")
        }
    }

    /// Closes the listener and cancels every request in flight, stalled ones included.
    func stop() async {
        switch running {
        case .server(let server, let task):
            // A zero timeout cancels the connection tasks at once instead of waiting for them.
            await server.stop(timeout: 0)
            _ = await task.result
        case .refused(let socket):
            try? socket.close()
        }
    }

    private static func endpoint(_ provider: EmulatedProviderSpec, port: UInt16) -> EmulatedEndpoint {
        EmulatedEndpoint(name: provider.name, kind: provider.kind, region: provider.region,
                         jurisdiction: provider.jurisdiction, url: "http://127.0.0.1:\(port)/health")
    }

    private static func port(of address: Socket.Address) throws -> UInt16 {
        guard case .ip4(_, let port) = address else { throw SocketError.unsupportedAddress }
        return port
    }
}

import ServiceLifecycle
import SondeMetrics

/// Serves `/metrics` until the service group shuts down.
struct MetricsService: Service {
    var server: MetricsServer

    func run() async throws {
        // Cancellation and a graceful shutdown both end the wait; either way the server stops.
        try? await gracefulShutdown()
        await server.stop()
    }
}

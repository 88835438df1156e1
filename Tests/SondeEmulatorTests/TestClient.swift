import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A plain HTTP client for the fleet tests: Foundation's URLSession (libcurl underneath on
/// Linux), with enough connections per host that concurrent requests are not queued.
struct TestClient {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
        var elapsed: Duration
    }

    let session: URLSession

    init(timeout: TimeInterval = 10) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 64
        configuration.timeoutIntervalForRequest = timeout
        session = URLSession(configuration: configuration)
    }

    func get(_ url: String) async throws -> Response {
        let start = ContinuousClock.now
        let (body, response) = try await session.data(from: URL(string: url)!)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            headers[String(describing: key).lowercased()] = String(describing: value)
        }
        return Response(status: http.statusCode, headers: headers, body: body, elapsed: ContinuousClock.now - start)
    }
}

import FlyingFox
import Foundation
import SondeCore

/// The bandwidth routes of an emulated provider: `GET /blob/<size>` sends a generated body of
/// that size (`64MiB`, `1000000`) after the latency model's wait, at the provider's bandwidth;
/// `PUT` or `POST /upload` reads the request body at that bandwidth, then answers
/// `{"bytes":N}` at once. Each transfer's rate is the provider's rate times a log-normal factor
/// with log-sd `jitter`, all of the provider's transfers sharing one link (`TokenBucket`).
extension ProviderHandler {
    /// The largest blob served: the body is generated, so only time bounds it.
    static let maximumBlobBytes: Int64 = 64 * 1024 * 1024 * 1024

    /// The response of a bandwidth route, or nil when `request` is for another path.
    ///
    /// `fault` is the fault this request gets (the provider's, inside its schedule); only
    /// `stall` and `status:N` apply to these routes.
    func bandwidthResponse(_ request: HTTPRequest, arrival: ContinuousClock.Instant,
                           fault: EmulatedProviderSpec.Fault) async throws -> HTTPResponse? {
        let isBlob = request.path.hasPrefix("/blob/") && request.method == .GET
        let isUpload = request.path == "/upload" && (request.method == .PUT || request.method == .POST)
        guard isBlob || isUpload else { return nil }
        var factor = 1.0
        let delay = state.begin { generator in
            let delay = model.delay(at: arrival - origin, using: &generator)
            if let jitter = bandwidth?.jitter, jitter > 0 { factor = exp(jitter * generator.nextStandardNormal()) }
            return delay
        }
        defer { state.end() }
        if case .stall = fault {
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
        let rate = (bandwidth?.bytesPerSecond ?? 0) * factor
        if isUpload {
            var received = 0
            var cursor = ContinuousClock.now
            for try await chunk in request.bodySequence {
                received += chunk.count
                if let link, rate > 0 {
                    cursor = link.reserve(chunk.count, bytesPerSecond: rate, after: cursor)
                    try await Task.sleep(until: cursor, clock: .continuous)
                }
            }
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"],
                                body: Data(#"{"bytes":\#(received)}"#.utf8))
        }
        try await Task.sleep(until: arrival + delay, clock: .continuous)
        if case .status(let code) = fault {
            return HTTPResponse(statusCode: HTTPStatusCode(code, phrase: "Error"), headers: [:], body: Data())
        }
        let sizeText = String(request.path.dropFirst("/blob/".count))
        guard let size = Grammar.size(sizeText), size <= Self.maximumBlobBytes else {
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain"],
                                body: Data("not a size: \(sizeText)\n".utf8))
        }
        let body = ShapedBody(count: Int(size), link: rate > 0 ? link : nil, bytesPerSecond: rate)
        return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/octet-stream"],
                            body: HTTPBodySequence(from: body, count: Int(size), suggestedBufferSize: ShapedBody.pieceSize))
    }
}

import FlyingFox
import Foundation

/// Which requests get the provider's fault, the faults that break a response's body, and the
/// `require_header` check.
extension ProviderHandler {
    /// The fault a request arriving at `arrival` gets: the provider's, when the arrival falls in
    /// a `fault_schedule` window (if any) and wins the seeded `fault_probability` draw (if any);
    /// `.none` otherwise. The draw is made only inside a window, from its own generator.
    func activeFault(at arrival: ContinuousClock.Instant) -> EmulatedProviderSpec.Fault {
        guard fault != .none else { return .none }
        if let faultSchedule, !faultSchedule.isActive(at: arrival - origin) { return .none }
        if let faultProbability, !state.drawFault(probability: faultProbability) { return .none }
        return fault
    }

    /// `401 Unauthorized` when the provider requires a header that `request` lacks or carries
    /// with another value; `nil` (go on) otherwise. Both outcomes are counted.
    func authorize(_ request: HTTPRequest) -> HTTPResponse? {
        guard let requireHeader else { return nil }
        let authorized = request.headers[HTTPHeader(requireHeader.name)] == requireHeader.value
        state.countAuthorization(authorized)
        guard !authorized else { return nil }
        return HTTPResponse(statusCode: .unauthorized,
                            headers: [.contentType: "application/json", HTTPHeader("WWW-Authenticate"): "Bearer"],
                            body: Data(#"{"error":"missing or wrong \#(requireHeader.name) header"}"#.utf8))
    }

    /// A `200` whose body `fault` breaks: `reset` and `truncate` announce the whole body and
    /// send half of it before the connection is aborted (RST) or closed (FIN); `dribble` sends
    /// all of it at the fault's rate.
    func brokenResponse(_ fault: EmulatedProviderSpec.Fault, request: HTTPRequest) -> HTTPResponse {
        let headers: HTTPHeaders = [.contentType: "application/json"]
        switch fault {
        case .dribble(let rate):
            // About ten pieces a second, so the body arrives steadily rather than in one late burst.
            let pieceSize = max(1, Int(rate / 10))
            let pieces = stride(from: 0, to: body.count, by: pieceSize).map { body[$0..<min($0 + pieceSize, body.count)] }
            let paced = PacedBody(pieces: pieces.map { Data($0) }, interval: .seconds(Double(pieceSize) / rate))
            return HTTPResponse(statusCode: .ok, headers: headers,
                                body: HTTPBodySequence(from: paced, count: paced.count, suggestedBufferSize: pieceSize))
        default:
            var peerPort: UInt16?
            if case .ip4(_, let port)? = request.remoteAddress { peerPort = port }
            let broken = BrokenBody(prefix: body.prefix(max(1, body.count / 2)),
                                    connection: fault == .reset ? state.port.map { (local: $0, peer: peerPort) } : nil)
            return HTTPResponse(statusCode: .ok, headers: headers,
                                body: HTTPBodySequence(from: broken, count: body.count, suggestedBufferSize: body.count))
        }
    }
}

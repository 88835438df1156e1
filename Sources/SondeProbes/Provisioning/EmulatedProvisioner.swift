import CCurl
import Foundation
import SondeCore

/// The `emulated` adapter: the emulator's control API at the provider endpoint's origin
/// (`POST /_sonde/provision`, `GET /_sonde/provision/{id}`, `DELETE /_sonde/provision/{id}`),
/// where each emulated provider's provisioning model decides queueing, boot time and failures.
public struct EmulatedProvisioner: Provisioner {
    /// The provider's endpoint; the control API sits at its origin.
    public let endpoint: String
    public let deadline: ContinuousClock.Instant
    public let destroyTimeout: Duration

    public init(endpoint: String, deadline: ContinuousClock.Instant, destroyTimeout: Duration) {
        self.endpoint = endpoint
        self.deadline = deadline
        self.destroyTimeout = destroyTimeout
    }

    var controlURL: String {
        guard let url = URL(string: endpoint), let scheme = url.scheme, let host = url.host else { return endpoint }
        return "\(scheme)://\(host)\(url.port.map { ":\($0)" } ?? "")/_sonde/provision"
    }

    public func newAttemptKey() -> String { UUID().uuidString.lowercased() }

    /// The control API has no lookup by attempt. Its create is one request that a stop never cuts
    /// short, so only a create cut off by a `kill -9` can leave a machine unknown (`possibly_leaked`).
    public func find(attempt: String) async throws(ProvisionFailure) -> [String]? { nil }

    public func create(attempt: String) async throws(ProvisionFailure) -> String {
        let body = try await request("POST", controlURL, until: deadline)
        return try field("id", of: body, step: "create")
    }

    public func status(id: String) async throws(ProvisionFailure) -> ProvisionStatus {
        let body = try await request("GET", "\(controlURL)/\(id)", until: deadline)
        let state = try field("state", of: body, step: "status")
        switch state {
        case "running": return .running(endpoint: try? field("endpoint", of: body, step: "status"))
        case "pending", "booting", "queued": return .pending
        default:
            let reason = (try? field("reason", of: body, step: "status")) ?? state
            throw ProvisionFailure(ProvisionFailure.classify(reason), .other, "status: \(reason)")
        }
    }

    public func destroy(id: String) async throws(ProvisionFailure) {
        _ = try await request("DELETE", "\(controlURL)/\(id)", until: .now + destroyTimeout)
    }

    private func field(_ name: String, of body: String, step: String) throws(ProvisionFailure) -> String {
        do {
            return try ValueExtraction.pointer(JSONPointer("/\(name)")!).extract(from: body)
        } catch {
            throw ProvisionFailure(.failed, .protocol, "\(step): unreadable control API answer")
        }
    }

    /// One control request; HTTP errors become failures whose outcome the body's words suggest.
    private func request(_ method: String, _ url: String, until: ContinuousClock.Instant) async throws(ProvisionFailure) -> String {
        let timeout = until - .now
        guard timeout > .zero else { throw ProvisionFailure(.timeout, .timeout, "\(method) \(url): deadline passed") }
        let (errorClass, status, body) = await Curl.onOwnThread(named: "sonde-emulated-provision") {
            ControlRequest.perform(method: method, url: url, timeout: timeout)
        }
        if let errorClass {
            let outcome: ProvisionOutcome = errorClass == .timeout ? .timeout : ProvisionFailure.classify(body)
            throw ProvisionFailure(outcome, errorClass, "\(method) control API: HTTP \(status): \(body.prefix(200))")
        }
        return body
    }
}

/// A small blocking libcurl request that keeps the body (the control API's JSON).
enum ControlRequest {
    static func perform(method: String, url: String, timeout: Duration) -> (ErrorClass?, Int, String) {
        guard let easy = CurlEasy(.init(url: url, timeout: timeout)) else { return (.other, 0, "") }
        let handle = easy.handle
        defer { withExtendedLifetime(easy) {} }  // the handle lives as long as `easy`
        final class Body { var bytes: [UInt8] = [] }
        let body = Body()
        _ = method.withCString { sonde_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, $0) }
        _ = sonde_easy_setopt_write(handle, CURLOPT_WRITEFUNCTION) { pointer, size, count, context in
            let body = Unmanaged<Body>.fromOpaque(context!).takeUnretainedValue()
            if let pointer { body.bytes.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: size * count)) }
            return size * count
        }
        let opaque = Unmanaged.passUnretained(body).toOpaque()
        _ = sonde_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, opaque)
        let result = withExtendedLifetime(body) { curl_easy_perform(handle) }
        var status = 0
        _ = sonde_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return (Curl.errorClass(result: result, httpStatus: status, verifyResult: 0), status, String(decoding: body.bytes, as: UTF8.self))
    }
}

import FlyingFox
import Foundation

/// Answers every request of one emulated provider: waits for the model's delay, then sends the
/// provider's status and body. Each request runs in its own task (FlyingFox gives every
/// connection a child task), so a slow or stalled request never holds up another.
struct ProviderHandler: HTTPHandler {
    let name: String
    let model: LatencyModel
    let fault: EmulatedProviderSpec.Fault
    /// When `fault` applies; `nil` for always.
    let faultSchedule: EmulatedProviderSpec.FaultSchedule?
    let faultProbability: Double?
    let requireHeader: EmulatedProviderSpec.RequiredHeader?
    /// When the provider is gone (`drops`); `nil` for never.
    let drops: DropSchedule?
    /// What `/health` answers when healthy, and with an error status.
    let body: Data
    let errorBody: Data
    let state: ProviderState
    /// When the fleet started: episodes are scheduled on time since then.
    let origin: ContinuousClock.Instant
    /// The provider's bandwidth model, if any, and the link its transfers share.
    let bandwidth: EmulatedProviderSpec.Bandwidth?
    let link: TokenBucket?
    /// The provider's OpenAI-compatible routes, if its spec has an `llm` model.
    let llm: LLMEndpoint?
    /// The provisioning control API, if the spec has a `provisioning` model.
    let provisioning: ProvisioningControl?

    init(_ provider: EmulatedProviderSpec, fleetSeed: UInt64, origin: ContinuousClock.Instant, provisioningScale: Double = 1) {
        name = provider.name
        model = LatencyModel(provider, fleetSeed: fleetSeed)
        fault = provider.fault
        faultSchedule = provider.faultSchedule
        faultProbability = provider.faultProbability
        requireHeader = provider.requireHeader
        drops = provider.drops.map { DropSchedule($0, seed: SplitMix64.derive(fleetSeed, provider.name + "/drops")) }
        body = Self.makeBody(provider, status: "ok")
        errorBody = Self.makeBody(provider, status: "error")
        state = ProviderState(seed: SplitMix64.derive(fleetSeed, provider.name + "/requests"),
                              faultSeed: SplitMix64.derive(fleetSeed, provider.name + "/faults"))
        self.origin = origin
        bandwidth = provider.bandwidth
        link = provider.bandwidth.map { _ in TokenBucket() }
        llm = provider.llm.map { LLMEndpoint($0, fault: provider.llmFault, seed: SplitMix64.derive(fleetSeed, provider.name + "/llm")) }
        provisioning = provider.provisioning.map {
            ProvisioningControl(name: provider.name, model: $0, scale: provisioningScale,
                                seed: SplitMix64.derive(fleetSeed, provider.name + "/provisioning"))
        }
    }

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let arrival = ContinuousClock.now
        if let drops, drops.isDown(at: arrival - origin) { return Self.dropped }
        if let refusal = authorize(request) { return refusal }
        // The control plane answers before faults: a machine's API works while its data path misbehaves.
        if let response = try await provisioning?.handle(request) { return response }
        let fault = activeFault(at: arrival)
        if let response = try await bandwidthResponse(request, arrival: arrival, fault: fault) { return response }
        if let response = try await llmResponse(request, arrival: arrival, fault: fault) { return response }
        let delay = state.begin { model.delay(at: arrival - origin, using: &$0) }
        defer { state.end() }
        if case .stall = fault {
            // Never answer; the fleet's stop cancels this task.
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
        // Sleeping until an absolute deadline keeps scheduling slack from adding to the delay
        // twice; the wait is never shorter than the model's.
        try await Task.sleep(until: arrival + delay, clock: .continuous)
        switch fault {
        case .status(let code):
            var response = HTTPResponse(statusCode: HTTPStatusCode(code, phrase: Self.phrase(code)),
                                        headers: [.contentType: "application/json"], body: errorBody)
            if code == 429 { response.headers[HTTPHeader("Retry-After")] = "1" }
            return response
        case .reset, .truncate, .dribble:
            return brokenResponse(fault, request: request)
        case .none, .refuse, .stall:
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"], body: body)
        }
    }

    /// What every request gets while the provider is dropped: no delay, no body worth reading.
    static var dropped: HTTPResponse {
        HTTPResponse(statusCode: HTTPStatusCode(503, phrase: "Service Unavailable"), headers: [.contentType: "application/json"],
                     body: Data(#"{"status":"unavailable"}"#.utf8))
    }

    /// The `/health` body: a small JSON naming the provider, padded with spaces (still valid
    /// JSON) or cut to the fleet file's `body` size.
    static func makeBody(_ provider: EmulatedProviderSpec, status: String) -> Data {
        var text = Data(#"{"status":"\#(status)","provider":"\#(provider.name)"}"#.utf8)
        guard let size = provider.bodyBytes else { return text }
        if text.count > size {
            text = text.prefix(size)
        } else {
            text.append(Data(repeating: UInt8(ascii: " "), count: size - text.count))
        }
        return text
    }

    private static func phrase(_ code: Int) -> String {
        switch code {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 408: "Request Timeout"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: code < 500 ? "Client Error" : "Server Error"
        }
    }
}

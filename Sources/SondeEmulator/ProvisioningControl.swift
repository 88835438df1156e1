import FlyingFox
import Foundation

/// The emulated provider's provisioning control API, driven by its `provisioning` model:
/// `POST /_sonde/provision` asks for a machine (201 with an id, or 503 "no capacity"),
/// `GET /_sonde/provision/{id}` says `pending`, `running` (with the endpoint) or `failed`,
/// `DELETE /_sonde/provision/{id}` destroys it. A machine's endpoint is the provider itself.
final class ProvisioningControl: Sendable {
    static let prefix = "/_sonde/provision"

    private struct Machine {
        var readyAt: ContinuousClock.Instant
        var fails: Bool
    }

    private struct State {
        var rng: SplitMix64
        var next = 1
        var machines: [String: Machine] = [:]
    }

    private let name: String
    private let model: EmulatedProviderSpec.Provisioning
    private let scale: Double
    private let state: Locked<State>

    init(name: String, model: EmulatedProviderSpec.Provisioning, scale: Double, seed: UInt64) {
        self.name = name
        self.model = model
        self.scale = scale
        state = Locked(State(rng: SplitMix64(seed: seed)))
    }

    /// The answer to a control request, or nil when `request` is not one.
    func handle(_ request: HTTPRequest) async throws -> HTTPResponse? {
        guard request.path == Self.prefix || request.path.hasPrefix(Self.prefix + "/") else { return nil }
        let id = String(request.path.dropFirst(Self.prefix.count + 1))
        switch (request.method, id.isEmpty) {
        case (.POST, true): return try await create()
        case (.GET, false): return status(id, host: request.headers[.host] ?? "127.0.0.1")
        case (.DELETE, false):
            state.withLock { _ = $0.machines.removeValue(forKey: id) }
            // Idempotent, like cloud APIs: destroying a machine that is gone is not an error.
            return Self.json(.ok, ["id": id, "state": "deleted"])
        default:
            return Self.json(.methodNotAllowed, ["error": "use POST \(Self.prefix), GET or DELETE \(Self.prefix)/{id}"])
        }
    }

    private func create() async throws -> HTTPResponse {
        let (accept, refused, id) = state.withLock { state -> (Duration, Bool, String) in
            let accept = wait(model.accept, &state.rng)
            let refused = state.rng.nextOpenUnit() < model.noCapacity
            let id = "\(name)-\(state.next)"
            state.next += 1
            return (accept, refused, id)
        }
        try await Task.sleep(for: accept)
        if refused { return Self.json(.serviceUnavailable, ["error": "no capacity available in \(name)"]) }
        state.withLock { state in
            let ready = ContinuousClock.now + wait(model.queue, &state.rng) + wait(model.boot, &state.rng)
            state.machines[id] = Machine(readyAt: ready, fails: state.rng.nextOpenUnit() < model.failure)
        }
        return Self.json(.created, ["id": id, "state": "pending"])
    }

    private func status(_ id: String, host: String) -> HTTPResponse {
        guard let machine = state.withLock({ $0.machines[id] }) else {
            return Self.json(.notFound, ["error": "no machine \(id)"])
        }
        if ContinuousClock.now < machine.readyAt { return Self.json(.ok, ["id": id, "state": "pending"]) }
        if machine.fails { return Self.json(.ok, ["id": id, "state": "failed", "reason": "machine failed to boot"]) }
        return Self.json(.ok, ["id": id, "state": "running", "endpoint": "http://\(host)/health"])
    }

    /// A log-normal wait with median `median` and log-sd `jitter`, divided by the fleet's scale.
    private func wait(_ median: Duration, _ rng: inout SplitMix64) -> Duration {
        guard median > .zero else { return .zero }
        let factor = model.jitter > 0 ? Foundation.exp(model.jitter * rng.nextStandardNormal()) : 1
        return median * (factor / scale)
    }

    private static func json(_ status: HTTPStatusCode, _ fields: [String: String]) -> HTTPResponse {
        let body = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        return HTTPResponse(statusCode: status, headers: [.contentType: "application/json"], body: body)
    }
}

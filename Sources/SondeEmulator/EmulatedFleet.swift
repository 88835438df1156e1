import Foundation
import SondeCore

/// A running fleet of emulated providers: one HTTP server per provider on 127.0.0.1, each on a
/// port the OS chose, answering with its provider's latency and fault model.
///
/// ```swift
/// let fleet = try await EmulatedFleet.start(.default)
/// print(fleet.providersYAML())       // or probe fleet.endpoints[i].url
/// await fleet.stop()
/// ```
///
/// Handlers run on Swift's cooperative thread pool: in the same process, code that blocks those
/// threads (a blocking libcurl poll, long synchronous work) delays every emulated answer.
public final class EmulatedFleet: Sendable {
    /// The spec the fleet was started from.
    public let spec: FleetSpec
    private let servers: [ProviderServer]
    /// Set by the first `stop()`: closing a reserved port's descriptor twice could close an
    /// unrelated file that reused its number.
    private let stopped = Locked(false)

    private init(spec: FleetSpec, servers: [ProviderServer]) {
        self.spec = spec
        self.servers = servers
    }

    /// Starts every provider of `spec` and returns once each one listens (a `refuse` provider
    /// has its port reserved instead). Servers start concurrently, so this takes milliseconds.
    ///
    /// - Throws: ``ConfigError`` naming the provider that could not start; the others are stopped.
    public static func start(_ spec: FleetSpec) async throws -> EmulatedFleet {
        // Episodes are scheduled on time since this instant, the same for every provider.
        let origin = ContinuousClock.now
        let results = await withTaskGroup(of: (Int, Result<ProviderServer, ConfigError>).self) { group in
            for (index, provider) in spec.providers.enumerated() {
                group.addTask {
                    (index, await startOne(provider, fleetSeed: spec.seed, origin: origin, provisioningScale: spec.provisioningScale))
                }
            }
            var results = [Result<ProviderServer, ConfigError>?](repeating: nil, count: spec.providers.count)
            for await (index, result) in group {
                results[index] = result
            }
            return results
        }
        var servers: [ProviderServer] = []
        var firstError: ConfigError?
        for result in results {
            switch result {
            case .success(let server)?: servers.append(server)
            case .failure(let error)?: firstError = firstError ?? error
            case nil: preconditionFailure("every provider's start reports back")
            }
        }
        if let firstError {
            await stopAll(servers)
            throw firstError
        }
        return EmulatedFleet(spec: spec, servers: servers)
    }

    /// A `do throws(ConfigError)` block inside the child closure above miscompiled in release
    /// builds with Swift 6.3.1 (every child reported index 0), hence this plain function.
    private static func startOne(_ provider: EmulatedProviderSpec, fleetSeed: UInt64, origin: ContinuousClock.Instant,
                                 provisioningScale: Double) async -> Result<ProviderServer, ConfigError> {
        do {
            return .success(try await ProviderServer.start(provider, fleetSeed: fleetSeed, origin: origin,
                                                           provisioningScale: provisioningScale))
        } catch {
            return .failure(error)
        }
    }

    /// Where each provider can be reached, in fleet-file order.
    public var endpoints: [EmulatedEndpoint] {
        servers.map(\.endpoint)
    }

    /// A `providers:` block that `sonde run -c` accepts, naming each provider's endpoint.
    public func providersYAML(withProvisioning: Bool = false, attempts: Int = 3) -> String {
        var lines = ["providers:"]
        for endpoint in endpoints {
            lines.append("  - name: \(Self.quoted(endpoint.name))")
            lines.append("    kind: \(endpoint.kind.rawValue)")
            lines.append("    region: \(Self.quoted(endpoint.region))")
            if let jurisdiction = endpoint.jurisdiction {
                lines.append("    jurisdiction: \(Self.quoted(jurisdiction))")
            }
            lines.append("    endpoint: \(endpoint.url)")
            if withProvisioning, spec.providers.first(where: { $0.name == endpoint.name })?.provisioning != nil {
                // The emulated adapter drives this provider's control API; the deadline is generous in demo time.
                let scale = spec.provisioningScale == spec.provisioningScale.rounded()
                    ? String(Int(spec.provisioningScale)) : String(spec.provisioningScale)
                lines.append("    provision: { adapter: emulated, time_scale: \(scale), poll_interval: 50ms, deadline: 30s, attempts: \(attempts) }")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Requests that provider `name` has received and not yet answered, for tests that must
    /// wait for a request to arrive without sleeping for a guessed time.
    func requestCounts(_ name: String) -> (received: Int, inFlight: Int) {
        servers.first { $0.endpoint.name == name }?.state?.counts ?? (0, 0)
    }

    /// Requests that provider `name`'s batching LLM server is decoding, has waiting for a slot,
    /// and has answered 503; nil for a provider without an `llm` capacity. For tests.
    func llmCounts(_ name: String) -> (running: Int, waiting: Int, rejected: Int)? {
        servers.first { $0.endpoint.name == name }?.scheduler?.counts
    }

    /// Requests that provider `name` received with its `require_header` exactly as the fleet
    /// file wrote it: a test that configures a secret can check that it really reached the
    /// provider. Zero for an unknown provider or one without `require_header`.
    public func authorizedRequests(provider name: String) -> Int {
        servers.first { $0.endpoint.name == name }?.state?.authorizationCounts.authorized ?? 0
    }

    /// Requests that provider `name` answered `401` because the required header was missing or
    /// different.
    public func unauthorizedRequests(provider name: String) -> Int {
        servers.first { $0.endpoint.name == name }?.state?.authorizationCounts.unauthorized ?? 0
    }

    /// Stops every server promptly: listeners close and requests in flight, stalled ones
    /// included, are cancelled. FlyingFox answers a cancelled request with an empty 500 before
    /// closing its connection, so stop probes before the fleet. Calling it twice is harmless.
    public func stop() async {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        await Self.stopAll(servers)
    }

    private static func stopAll(_ servers: [ProviderServer]) async {
        await withTaskGroup(of: Void.self) { group in
            for server in servers {
                group.addTask { await server.stop() }
            }
        }
    }

    /// Fleet-file values are free text; one that YAML would read as something else (`no`,
    /// `1e3`, `null`) or that holds punctuation is written as a double-quoted string.
    private static func quoted(_ text: String) -> String {
        let plain = text.first?.isLetter == true
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
            && !["y", "n", "yes", "no", "on", "off", "true", "false", "null"].contains(text.lowercased())
        if plain { return text }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}

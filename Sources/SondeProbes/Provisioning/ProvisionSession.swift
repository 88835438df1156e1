import Foundation
import SondeCore

/// Drives one provisioning attempt through its phases and always tears down what it created.
/// Every change of the record is handed to `save` at once (the CLI writes it to the database),
/// so the provider-side id is durable the moment it is known.
public struct ProvisionSession: Sendable {
    public let provisioner: any Provisioner
    public let settings: ProvisionSettings
    /// The provider's configured endpoint (resolved), the fallback health URL.
    public let configuredEndpoint: String
    public let verifyTLS: Bool
    public let timeBase: TimeBase
    public let stop: StopSignal
    public let save: @Sendable (ProvisionRecord) -> Void
    /// Resolves `${ENV}` in the health URL just for the request; the record keeps the reference.
    public var environment: [String: String] = [:]

    public init(provisioner: any Provisioner, settings: ProvisionSettings, configuredEndpoint: String, verifyTLS: Bool,
                timeBase: TimeBase, stop: StopSignal, save: @escaping @Sendable (ProvisionRecord) -> Void) {
        self.provisioner = provisioner
        self.settings = settings
        self.configuredEndpoint = configuredEndpoint
        self.verifyTLS = verifyTLS
        self.timeBase = timeBase
        self.stop = stop
        self.save = save
    }

    /// Requests a machine and waits until it is reachable, the deadline passes, or `stop` is
    /// raised. On anything but `ready` the machine is already torn down when this returns; on
    /// `ready` the caller probes it and then calls `tearDown`.
    public func provision(provider: String, attempt: Int, deadline: ContinuousClock.Instant) async -> ProvisionRecord {
        var record = ProvisionRecord(provider: provider, attempt: attempt, requestedNs: timeBase.nowNs())
        save(record)
        do {
            let id = try await provisioner.create()
            record.providerResourceID = id
            record.acceptedNs = timeBase.nowNs()
            save(record)
            let endpoint = try await waitUntilRunning(id: id, deadline: deadline)
            record.runningNs = timeBase.nowNs()
            record.endpoint = endpoint
            save(record)
            let url = HealthCheck.url(template: settings.healthURL, endpoint: endpoint, id: id, configured: configuredEndpoint)
            try await waitUntilHealthy(url, deadline: deadline)
            record.reachableNs = timeBase.nowNs()
            record.endpoint = url
            record.outcome = .ready
            save(record)
            return record
        } catch {
            record.outcome = error.outcome
            // A cancelled attempt did not fail: it has no error class.
            record.errorClass = error.outcome == .cancelled ? nil : error.errorClass
            record.detail = error.detail
            save(record)
            return await tearDown(record)
        }
    }

    /// Destroys the machine of `record`, if one was created: `tornDownNs` on success, `leaked`
    /// and the reason in `detail` when the provider would not destroy it.
    public func tearDown(_ record: ProvisionRecord) async -> ProvisionRecord {
        var record = record
        guard let id = record.providerResourceID, record.tornDownNs == nil else { return record }
        record.teardownRequestedNs = timeBase.nowNs()
        do {
            try await provisioner.destroy(id: id)
            record.tornDownNs = timeBase.nowNs()
            record.leaked = false
        } catch {
            record.leaked = true
            let teardown = "teardown of \(id) failed: \(error.detail)"
            record.detail = record.detail.map { "\($0); \(teardown)" } ?? teardown
        }
        save(record)
        return record
    }

    private func waitUntilRunning(id: String, deadline: ContinuousClock.Instant) async throws(ProvisionFailure) -> String? {
        while true {
            if case let .running(endpoint) = try await provisioner.status(id: id) { return endpoint }
            try await pause(until: deadline, waitingFor: "running", atDeadline: "not running at the deadline")
        }
    }

    private func waitUntilHealthy(_ url: String, deadline: ContinuousClock.Instant) async throws(ProvisionFailure) {
        var last: ErrorClass = .timeout
        while true {
            let remaining = deadline - .now
            guard remaining > .zero else { break }
            let timeout = min(remaining, max(settings.pollInterval, .seconds(2)))
            let verify = verifyTLS
            let resolved = (try? SecretTemplate.resolve(url, environment: environment)) ?? url
            let result = await Curl.onOwnThread(named: "sonde-health") { HealthCheck.probe(resolved, timeout: timeout, verifyTLS: verify) }
            guard let failure = result else { return }
            last = failure
            try await pause(until: deadline, waitingFor: "reachable",
                            atDeadline: "not reachable at the deadline (last check: \(last.rawValue))")
        }
        throw ProvisionFailure(.timeout, .timeout, "not reachable at the deadline (last check: \(last.rawValue))")
    }

    /// Sleeps one poll interval in short steps, throwing at the deadline or on the stop signal.
    private func pause(until deadline: ContinuousClock.Instant, waitingFor phase: String,
                       atDeadline: String) async throws(ProvisionFailure) {
        let wake = min(ContinuousClock.now + settings.pollInterval, deadline)
        while ContinuousClock.now < wake {
            if stop.isStopped { throw ProvisionFailure(.cancelled, .other, "interrupted while waiting for \(phase)") }
            try? await Task.sleep(for: min(.milliseconds(20), wake - .now))
        }
        if stop.isStopped { throw ProvisionFailure(.cancelled, .other, "interrupted while waiting for \(phase)") }
        if ContinuousClock.now >= deadline {
            throw ProvisionFailure(.timeout, .timeout, atDeadline)
        }
    }
}

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
    /// raised. On anything but `ready` the machine is already torn down when this returns (or,
    /// when create was cut short and the adapter cannot look it up, the record is `possiblyLeaked`);
    /// on `ready` the caller probes it and then calls `tearDown`.
    public func provision(provider: String, attempt: Int, deadline: ContinuousClock.Instant) async -> ProvisionRecord {
        var record = ProvisionRecord(provider: provider, attempt: attempt, requestedNs: timeBase.nowNs())
        // Named and stored before the request: whatever happens next, cleanup can find the machine.
        let key = provisioner.newAttemptKey()
        record.attemptKey = key
        save(record)
        // A stop that came before the request asks for no machine at all.
        if stop.isStopped {
            record.outcome = .cancelled
            record.detail = "interrupted before create"
            save(record)
            return record
        }
        do throws(ProvisionFailure) {
            let id: String
            do {
                id = try await provisioner.create(attempt: key)
            } catch {
                record.outcome = error.outcome
                record.errorClass = error.outcome == .cancelled ? nil : error.errorClass
                record.detail = error.detail
                save(record)
                return error.uncertain ? await recover(record) : record
            }
            record.providerResourceID = id
            record.acceptedNs = timeBase.nowNs()
            save(record)
            // Create was allowed to finish after a stop so that its machine can be destroyed now.
            if stop.isStopped { throw ProvisionFailure(.cancelled, .other, "interrupted during create") }
            let endpoint = try await waitUntilRunning(id: id, deadline: deadline)
            record.runningNs = timeBase.nowNs()
            record.endpoint = endpoint
            record.bidPrice = provisioner.acceptedPrice(id: id)
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
        // A refused destroy is retried every poll interval until `destroyTimeout`: a provider's
        // API that is briefly unavailable (503, throttling) must not leave a machine billing.
        let giveUp = ContinuousClock.now + settings.destroyTimeout
        while true {
            do {
                try await provisioner.destroy(id: id)
                record.tornDownNs = timeBase.nowNs()
                record.leaked = false
                break
            } catch {
                if ContinuousClock.now + settings.pollInterval < giveUp {
                    try? await Task.sleep(for: settings.pollInterval)
                    continue
                }
                record.leaked = true
                let teardown = "teardown of \(id) failed: \(error.detail)"
                record.detail = record.detail.map { "\($0); \(teardown)" } ?? teardown
                break
            }
        }
        save(record)
        return record
    }

    /// After a create that may have made a machine without returning its id: looks machines up
    /// by the attempt's identity and destroys them; an adapter that cannot look up marks the
    /// attempt `possiblyLeaked`. Also what `sonde provision cleanup` does for an attempt whose
    /// run died during create. The record keeps the first id found.
    public func recover(_ record: ProvisionRecord) async -> ProvisionRecord {
        var record = record
        guard let key = record.attemptKey else { return record }
        let found: [String]?
        do {
            found = try await provisioner.find(attempt: key)
        } catch {
            record.possiblyLeaked = true
            record.detail = Self.appending(record.detail, "looking up attempt \(key) failed: \(error.detail)")
            save(record)
            return record
        }
        guard let found else {
            record.possiblyLeaked = true
            record.detail = Self.appending(record.detail, "create was cut short and this adapter cannot look machines up (no find): "
                                           + "a machine carrying attempt \(key) may exist")
            save(record)
            return record
        }
        record.possiblyLeaked = false
        guard !found.isEmpty else {
            save(record)
            return record
        }
        record.providerResourceID = found[0]
        save(record)
        record = await tearDown(record)
        for extra in found.dropFirst() {
            var other = record
            other.providerResourceID = extra
            other.tornDownNs = nil
            other = await tearDown(other)
            if other.leaked {
                record.leaked = true
                record.detail = other.detail
            }
        }
        if found.count > 1 { save(record) }
        return record
    }

    private static func appending(_ detail: String?, _ more: String) -> String {
        detail.map { "\($0); \(more)" } ?? more
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

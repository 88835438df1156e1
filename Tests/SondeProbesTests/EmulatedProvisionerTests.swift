import Foundation
import Testing
import SondeCore
@testable import SondeEmulator
@testable import SondeProbes

/// The emulated adapter against the emulator's control API: the model's waits show up in the
/// measured stages (divided by the fleet's scale), and failures get their outcomes.
@Suite(.serialized) struct EmulatedProvisionerTests {
    func run(_ model: String, scale: Int = 100) async throws -> ProvisionRecord {
        let spec = try FleetSpec.parse(yaml: """
            provisioning_scale: \(scale)
            providers:
              - name: gpu
                kind: depin
                region: r
                latency: { median: 1ms, sigma: 0.1 }
                provisioning: \(model)
            """, source: "t")
        let fleet = try await EmulatedFleet.start(spec)
        let endpoint = fleet.endpoints[0].url
        let deadline = ContinuousClock.now + .seconds(5)
        let settings = ProvisionSettings(adapter: .emulated, pollInterval: .milliseconds(20), deadline: .seconds(5))
        let session = ProvisionSession(
            provisioner: EmulatedProvisioner(endpoint: endpoint, deadline: deadline, destroyTimeout: .seconds(2)),
            settings: settings, configuredEndpoint: endpoint, verifyTLS: true, timeBase: TimeBase(), stop: StopSignal(),
            save: { _ in })
        var record = await session.provision(provider: "gpu", attempt: 1, deadline: deadline)
        if record.outcome == .ready { record = await session.tearDown(record) }
        // A destroyed machine is unknown to the control API.
        if let id = record.providerResourceID {
            let after = EmulatedProvisioner(endpoint: endpoint, deadline: .now + .seconds(2), destroyTimeout: .seconds(2))
            await #expect(throws: ProvisionFailure.self) { try await after.status(id: id) }
        }
        await fleet.stop()
        return record
    }

    @Test func queueAndBootAreMeasuredAtTheFleetScale() async throws {
        // 30 s queue + 30 s boot at 1:100 = 0.6 s from accepted to running.
        let record = try await run("{ accept: 5s, queue: 30s, boot: 30s }")
        #expect(record.outcome == .ready && record.tornDownNs != nil && !record.leaked)
        let accepting = Double(record.acceptedNs! - record.requestedNs) / 1e9
        let starting = Double(record.runningNs! - record.acceptedNs!) / 1e9
        #expect(accepting >= 0.05 && accepting < 0.3, "accepting \(accepting) s, model 0.05 s")
        // The server starts the clock just before its answer leaves, the client stops it a little after it arrives.
        #expect(starting >= 0.55 && starting < 0.9, "starting \(starting) s, model 0.6 s plus one 20 ms poll")
        #expect(record.endpoint?.hasSuffix("/health") == true)
    }

    @Test func aMachineThatFailsToBootIsFailedAndDestroyed() async throws {
        let record = try await run("{ boot: 10s, failure: 1 }")
        #expect(record.outcome == .failed && record.detail == "status: machine failed to boot")
        #expect(record.tornDownNs != nil)
    }

    @Test func noCapacityIsCapacityUnavailable() async throws {
        let record = try await run("{ boot: 10s, no_capacity: 1 }")
        #expect(record.outcome == .capacityUnavailable && record.errorClass == .http5xx)
        #expect(record.providerResourceID == nil)
    }

    @Test func theControlAPIForgetsDestroyedMachines() async throws {
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: """
            providers:
              - { name: gpu, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 }, provisioning: { boot: 1s } }
            """, source: "t"))
        let provisioner = EmulatedProvisioner(endpoint: fleet.endpoints[0].url, deadline: .now + .seconds(5), destroyTimeout: .seconds(2))
        let id = try await provisioner.create(attempt: provisioner.newAttemptKey())
        try await provisioner.destroy(id: id)
        await #expect(throws: ProvisionFailure.self) { try await provisioner.status(id: id) }
        await fleet.stop()
    }

    @Test func fleetFilesRejectBadModels() {
        #expect(throws: FleetError.self) {
            try FleetSpec.parse(yaml: "providers:\n  - { name: a, kind: depin, region: r, latency: { median: 1ms, sigma: 0 }, provisioning: { queue: 1s } }\n",
                                source: "t")
        }
        #expect(throws: FleetError.self) {
            try FleetSpec.parse(yaml: "provisioning_scale: 0\nproviders:\n  - { name: a, kind: depin, region: r, latency: { median: 1ms, sigma: 0 } }\n",
                                source: "t")
        }
        #expect(FleetSpec.default.provisioningScale == 300)
        #expect(FleetSpec.default.providers.allSatisfy { $0.provisioning != nil })
    }
}

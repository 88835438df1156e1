import Foundation
import Synchronization
import Testing
import SondeCore
import SondeEmulator
@testable import SondeProbes

/// Records every saved state of an attempt, as the database would.
final class SavedRecords: Sendable {
    private let records = Mutex<[ProvisionRecord]>([])
    func save(_ record: ProvisionRecord) { records.withLock { $0.append(record) } }
    var all: [ProvisionRecord] { records.withLock { $0 } }
}

@Suite(.serialized) struct CommandProvisionerTests {
    func spec(_ cli: FakeProviderCLI) -> CommandSpec {
        CommandSpec(create: [cli.path, "create", "${FAKE_TOKEN}"], id: .pointer(JSONPointer("/machine/id")!),
                    status: [cli.path, "status", "{id}"], state: .pointer(JSONPointer("/state")!),
                    runningStates: ["running"], endpoint: .pointer(JSONPointer("/ip")!), destroy: [cli.path, "destroy", "{id}"])
    }

    /// One attempt against the fake CLI in `mode`; returns the final record, the saved states and the elapsed time.
    func attempt(_ mode: String, endpoint: String = "127.0.0.1:1", deadline: Duration = .seconds(2),
                 stop: StopSignal = StopSignal()) async throws -> (ProvisionRecord, [ProvisionRecord], Duration, FakeProviderCLI) {
        let cli = try FakeProviderCLI()
        var environment = ProcessInfo.processInfo.environment
        environment["FAKE_MODE"] = mode
        environment["FAKE_TOKEN"] = "s3cr3t-token"
        environment["FAKE_ENDPOINT"] = endpoint
        let settings = ProvisionSettings(adapter: .command, commands: spec(cli), pollInterval: .milliseconds(100),
                                         deadline: deadline, destroyTimeout: .seconds(5))
        let end = ContinuousClock.now + deadline
        let provisioner = CommandProvisioner(spec: spec(cli), environment: environment, deadline: end,
                                             destroyTimeout: .seconds(5), stop: stop)
        let saved = SavedRecords()
        let session = ProvisionSession(provisioner: provisioner, settings: settings, configuredEndpoint: "http://127.0.0.1:1/",
                                       verifyTLS: true, timeBase: TimeBase(), stop: stop, save: saved.save)
        let start = ContinuousClock.now
        var record = await session.provision(provider: "fake", attempt: 1, deadline: end)
        if record.outcome == .ready { record = await session.tearDown(record) }
        return (record, saved.all, ContinuousClock.now - start, cli)
    }

    @Test func everyPhaseIsTimedAndTheMachineIsDestroyed() async throws {
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: """
            providers:
              - { name: a, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 } }
            """, source: "t"))
        let endpoint = URL(string: fleet.endpoints[0].url)!
        let (record, saved, _, cli) = try await attempt("ok", endpoint: "\(endpoint.host!):\(endpoint.port!)")
        await fleet.stop()
        defer { cli.remove() }
        #expect(record.outcome == .ready && record.errorClass == nil)
        let id = try #require(record.providerResourceID)
        #expect(id.hasPrefix("m-"))
        let times = [record.requestedNs, record.acceptedNs, record.runningNs, record.reachableNs, record.tornDownNs]
        #expect(times.allSatisfy { $0 != nil } && times.map { $0! } == times.map { $0! }.sorted())
        #expect(cli.liveMachines.isEmpty)
        // The id was saved before the machine was running, so a crash after create leaves it findable.
        #expect(saved.contains { $0.providerResourceID == id && $0.runningNs == nil })
    }

    @Test func aNonZeroExitFailsWithItsFirstStderrLineAndNoSecret() async throws {
        let (record, _, elapsed, cli) = try await attempt("exit")
        defer { cli.remove() }
        #expect(record.outcome == .failed && record.errorClass == .other)
        #expect(record.detail == "create: \(cli.path) exited with status 3: error: token ${FAKE_TOKEN} rejected by the API")
        #expect(record.detail?.contains("s3cr3t") == false)
        #expect(record.providerResourceID == nil && record.tornDownNs == nil)
        #expect(elapsed < .seconds(2))
    }

    @Test func capacityWordsGiveCapacityUnavailable() async throws {
        let (record, _, _, cli) = try await attempt("capacity")
        defer { cli.remove() }
        #expect(record.outcome == .capacityUnavailable)
    }

    @Test func garbageOutputIsAProtocolFailure() async throws {
        let (record, _, elapsed, cli) = try await attempt("garbage")
        defer { cli.remove() }
        #expect(record.outcome == .failed && record.errorClass == .protocol)
        #expect(record.detail?.hasPrefix("create: unreadable output (output is not JSON)") == true)
        // Unreadable create output may hide a machine; without a find command sonde cannot look.
        #expect(record.possiblyLeaked && record.detail?.contains("cannot look machines up (no find)") == true, "\(record)")
        #expect(elapsed < .seconds(2))
    }

    @Test func aHungToolTimesOutAtTheDeadlineAndTheMachineIsStillDestroyed() async throws {
        let (record, _, elapsed, cli) = try await attempt("hang", deadline: .milliseconds(1500))
        defer { cli.remove() }
        #expect(record.outcome == .timeout && record.errorClass == .timeout)
        #expect(record.acceptedNs != nil && record.tornDownNs != nil && !record.leaked)
        #expect(cli.liveMachines.isEmpty)
        // The deadline plus the kill's grace and the teardown, not the tool's 30 s.
        #expect(elapsed < .milliseconds(3000))
    }

    @Test func aMachineThatNeverRunsTimesOut() async throws {
        let (record, _, elapsed, cli) = try await attempt("pending", deadline: .milliseconds(800))
        defer { cli.remove() }
        #expect(record.outcome == .timeout && record.runningNs == nil && record.tornDownNs != nil)
        #expect(elapsed < .seconds(2))
    }

    @Test func anUnreachableMachineTimesOutAndIsDestroyed() async throws {
        let (record, _, _, cli) = try await attempt("ok", endpoint: "127.0.0.1:1", deadline: .milliseconds(800))
        defer { cli.remove() }
        #expect(record.outcome == .timeout && record.runningNs != nil && record.reachableNs == nil)
        #expect(record.detail == "not reachable at the deadline (last check: refused)")
        #expect(cli.liveMachines.isEmpty)
    }

    @Test func aFailedTeardownMarksTheMachineLeakedWithItsId() async throws {
        let (record, _, _, cli) = try await attempt("nodestroy", endpoint: "127.0.0.1:1", deadline: .milliseconds(500))
        defer { cli.remove() }
        #expect(record.leaked && record.tornDownNs == nil)
        let id = try #require(record.providerResourceID)
        #expect(record.detail?.contains("teardown of \(id) failed: destroy: \(cli.path) exited with status 5: destroy refused") == true)
        #expect(cli.liveMachines == [id])
    }

    @Test func aStopSignalCancelsAndTearsDown() async throws {
        let stop = StopSignal()
        Task { try await Task.sleep(for: .milliseconds(400)); stop.stop() }
        let (record, _, elapsed, cli) = try await attempt("pending", deadline: .seconds(10), stop: stop)
        defer { cli.remove() }
        #expect(record.outcome == .cancelled && record.errorClass == nil)
        #expect(record.tornDownNs != nil && cli.liveMachines.isEmpty)
        #expect(elapsed < .seconds(2))
    }

    @Test func childProcessKillsTheWholeGroupAtTheDeadline() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-grandchild-\(UUID().uuidString)").path
        let start = ContinuousClock.now
        let result = ChildProcess.run(["/bin/sh", "-c", "(sleep 1; touch \(marker)) & sleep 30"], environment: [:],
                                      deadline: .now + .milliseconds(300))
        #expect(result.ending == .timedOut)
        #expect(ContinuousClock.now - start < .seconds(1))
        Thread.sleep(forTimeInterval: 1.2)
        #expect(!FileManager.default.fileExists(atPath: marker), "the grandchild outlived the kill")
    }
}

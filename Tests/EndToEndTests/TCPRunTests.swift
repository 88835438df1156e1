import Foundation
import SondeCore
import SondeEmulator
import SondeStore
import Testing

/// `probes.tcp` end to end: `sonde run` connects to each emulated provider's port (no HTTP
/// request) and stores samples of probe `tcp`; a provider whose port is closed stores `refused`.
@Suite(.serialized) struct TCPRunTests {
    @Test func storesConnectSamplesForEveryProvider() async throws {
        let spec = try FleetSpec.parse(yaml: """
            seed: 5
            providers:
              - { name: up, kind: centralized, region: us-east, latency: { median: 5ms, sigma: 0.1 } }
              - { name: closed, kind: depin, region: eu, latency: { median: 5ms, sigma: 0.1 }, fault: refuse }

            """, source: "fleet.yaml")
        let fleet = try await EmulatedFleet.start(spec)
        let dir = try temporaryDirectory()
        var config = "providers:\n"
        for endpoint in fleet.endpoints {
            config += "  - {name: \(endpoint.name), kind: \(endpoint.kind.rawValue), endpoint: '\(endpoint.url)'}\n"
        }
        config += "probes:\n  tcp: { interval: 50ms, samples: 8, timeout: 1s }\n"
        try config.write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let result = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "run.db", "--label", "tcp"], in: dir)
        let served = fleet.endpoints.map(\.name)
        await fleet.stop()
        #expect(result.status == 0, "\(result.stderr)")

        let store = try SampleStore(path: dir.appendingPathComponent("run.db").path, create: false)
        let record = try store.run(.label("tcp"))
        #expect(record.status == .complete)
        let data = try store.load(record, probe: .tcp)
        #expect(Set(data.series.map(\.provider.name)) == Set(served))
        let up = try #require(data.series.first { $0.provider.name == "up" }).samples
        let closed = try #require(data.series.first { $0.provider.name == "closed" }).samples
        #expect(up.count == 8 && closed.count == 8)
        #expect(up.allSatisfy { $0.probe == .tcp && $0.succeeded && $0.connectUs == $0.totalUs && $0.httpStatus == nil })
        #expect(closed.allSatisfy { $0.errorClass == .refused })
        // No latency samples: naming only tcp runs only tcp.
        #expect(try store.load(record, probe: .latency).series.allSatisfy { $0.samples.isEmpty })
    }
}

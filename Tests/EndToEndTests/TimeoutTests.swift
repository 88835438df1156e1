import Foundation
import SondeCore
import Testing

/// libcurl counts timeouts in whole milliseconds: a configured timeout under 1 ms is rejected at
/// load, and the smallest accepted one is really applied (issue 16: `500us` used to become
/// libcurl's "no timeout" and store forty-millisecond successes).
@Suite(.serialized) struct TimeoutTests {
    @Test func subMillisecondTimeoutIsAUsageErrorNamingTheField() async throws {
        let dir = try temporaryDirectory()
        try "providers:\n  - {name: a, kind: depin, endpoint: 'http://127.0.0.1:9/'}\nprobes:\n  latency:\n    timeout: 500us\n"
            .write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let result = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "x.db", "--duration", "1s"], in: dir)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("sonde: sonde.yaml:5: probes.latency.timeout: '500us' is below 1ms"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.db").path))
    }

    @Test func oneMillisecondAgainstAFortyMillisecondProviderStoresOnlyTimeouts() async throws {
        let fleet = """
            seed: 3
            providers:
              - { name: slow, kind: depin, region: eu, latency: { median: 40ms, sigma: 0.1 } }

            """
        let run = try await FaultRun.run(fleet: fleet,
                                         probes: "  latency: { interval: 100ms, samples: \(FaultRun.samples), timeout: 1ms }")
        #expect(run.result.status == 0, "\(run.result.stderr)")
        #expect(run.data.run.status == .complete)
        run.expectEvery("slow", is: .timeout)
    }
}

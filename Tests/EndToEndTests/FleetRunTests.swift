import Foundation
import Testing
import SondeCore
import SondeEmulator
import SondeStore

/// The built binary against real emulated servers on loopback. Serialized: these measure time.
@Suite(.serialized) struct FleetRunTests {
    /// Runs `sonde run` against `fleetYAML` and returns the stored run.
    func runAgainst(_ fleetYAML: String, probes: String, duration: String) async throws -> (RunData, FleetSpec, SondeBinary.Result) {
        let spec = try FleetSpec.parse(yaml: fleetYAML, source: "fleet.yaml")
        let fleet = try await EmulatedFleet.start(spec)
        let dir = try temporaryDirectory()
        let config = fleet.providersYAML() + "\nprobes:\n" + probes + "\n"
        try config.write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let result = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "run.db", "--duration", duration, "--label", "e2e"], in: dir)
        await fleet.stop()
        let store = try SampleStore(path: dir.appendingPathComponent("run.db").path, create: false)
        return (try store.load(try store.run(.label("e2e"))), spec, result)
    }

    @Test func everyFailureIsStoredWithItsOwnClassAndTheRunCompletes() async throws {
        let fleet = """
            seed: 7
            providers:
              - { name: healthy, kind: centralized, region: us-east, latency: { median: 5ms, sigma: 0.1 } }
              - { name: refusing, kind: depin, region: eu, latency: { median: 5ms, sigma: 0.1 }, fault: refuse }
              - { name: stalling, kind: depin, region: ap, latency: { median: 5ms, sigma: 0.1 }, fault: stall }
              - { name: unavailable, kind: depin, region: na, latency: { median: 5ms, sigma: 0.1 }, fault: "status:503" }
            """
        let (data, _, result) = try await runAgainst(fleet, probes: "  latency: { interval: 200ms, samples: 15, timeout: 1s }",
                                                     duration: "30s")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(data.run.status == .complete)
        let byName = Dictionary(uniqueKeysWithValues: data.series.map { ($0.provider.name, $0.samples) })
        #expect(byName["healthy"]?.count == 15)
        #expect(byName["healthy"]?.allSatisfy { $0.succeeded && $0.httpStatus == 200 } == true,
                "\(byName["healthy"]!.map { "\($0.errorClass?.rawValue ?? "ok") \($0.httpStatus ?? 0) \($0.totalUs ?? 0)" })")
        #expect(byName["refusing"]?.count == 15)
        #expect(byName["refusing"]?.allSatisfy { $0.errorClass == .refused } == true)
        #expect(byName["stalling"]?.count == 15)
        #expect(byName["stalling"]?.allSatisfy { $0.errorClass == .timeout } == true)
        // A timed-out attempt lasts about its timeout.
        #expect(byName["stalling"]?.allSatisfy { ($0.totalUs ?? 0) >= 950_000 } == true)
        #expect(byName["unavailable"]?.count == 15)
        #expect(byName["unavailable"]?.allSatisfy { $0.errorClass == .http5xx && $0.httpStatus == 503 } == true)
        // The stalled provider did not delay the healthy one's schedule: sends left within 50 ms of their intended times.
        let lags = byName["healthy"]!.map { $0.startedNs - $0.intendedNs }
        #expect(lags.max()! < 50_000_000, "worst pacing lag \(lags.max()!) ns")
    }

    /// Medians of 50 ms and more keep the test meaningful (a constant-delay emulator fails it)
    /// while the few milliseconds that a loaded 2-core machine adds stay well inside 20%.
    @Test func phasesAreOrderedAndMediansMatchTheModels() async throws {
        let fleet = """
            seed: 11
            providers:
              - { name: fast, kind: centralized, region: us-east, latency: { median: 50ms, sigma: 0.2 } }
              - { name: middle, kind: depin, region: eu, latency: { median: 100ms, sigma: 0.3 } }
              - { name: slow, kind: depin, region: ap, latency: { median: 200ms, sigma: 0.4 } }
            """
        let (data, spec, result) = try await runAgainst(fleet, probes: "  latency: { interval: 40ms, samples: 150, timeout: 5s }",
                                                        duration: "30s")
        #expect(result.status == 0, "\(result.stderr)")
        for series in data.series {
            let successes = series.samples.filter(\.succeeded)
            #expect(successes.count == 150, "\(series.provider.name)")
            for s in successes {
                let marks = [s.dnsUs, s.connectUs, s.ttfbUs, s.totalUs].compactMap { $0 }
                #expect(marks.count == 4 && marks == marks.sorted(), "\(series.provider.name) sample \(s.sequence): \(marks)")
            }
            let model = try #require(spec.providers.first { $0.name == series.provider.name }).latency.median
            let median = Quantile.of(successes.map { Double($0.totalUs!) }, 0.5)
            let expected = Double(model.microseconds)
            #expect(abs(median - expected) / expected < 0.2,
                    "\(series.provider.name): measured median \(median) us, model \(expected) us")
        }
    }

    @Test func emulateWritesEndpointsThatRunAccepts() async throws {
        let dir = try temporaryDirectory()
        let emulator = try SondeBinary.start(["emulate", "--fleet", "default", "--endpoints", "fleet.yaml"], in: dir)
        defer { if emulator.process.isRunning { emulator.process.terminate() } }
        let endpoints = dir.appendingPathComponent("fleet.yaml")
        let deadline = ContinuousClock.now + .seconds(20)
        while !FileManager.default.fileExists(atPath: endpoints.path) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let providers = try String(contentsOf: endpoints, encoding: .utf8)
        try (providers + "\nprobes:\n  latency: { interval: 100ms, samples: 5 }\n")
            .write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let run = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "e.db"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try await SondeBinary.run(["report", "--db", "e.db", "--format", "md"], in: dir)
        #expect(report.status == 0)
        for name in ["cloud-us-east", "depin-na", "depin-eu", "depin-apac"] {
            #expect(report.stdout.contains("| \(name) |"), "\(name) missing from report")
        }
        emulator.process.interrupt()
        let stopped = await emulator.finished()
        #expect(stopped.status == 0, "\(stopped.stderr)")
    }
}

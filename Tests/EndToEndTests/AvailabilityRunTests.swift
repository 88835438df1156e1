import Foundation
import SondeCore
import SondeEmulator
import SondeStore
import Testing

/// The heartbeat probe end to end: the built binary against an in-process fleet where one
/// provider drops at known times for a known length and another never drops.
@Suite(.serialized) struct AvailabilityRunTests {
    static let dropStarts = [2.5, 4.0, 5.5]   // seconds after the fleet starts
    static let dropLength = 0.6               // seconds
    static let fleet = """
        seed: 3
        providers:
          - { name: steady, kind: centralized, region: us-east, latency: { median: 5ms, sigma: 0.1 } }
          - { name: flaky, kind: depin, region: eu, latency: { median: 5ms, sigma: 0.1 },
              drops: { at: [\(dropStarts.map { "\($0)s" }.joined(separator: ", "))], duration: \(Int(dropLength * 1000))ms } }
        """

    @Test func knownDropsGiveExactlyThatManyInterruptionsAndAnIntervalHoldingTheTrueMTBF() async throws {
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: Self.fleet, source: "fleet.yaml"))
        let dir = try temporaryDirectory()
        let config = fleet.providersYAML() + """

            probes:
              availability: { interval: 100ms, timeout: 1s, duration: 7s, failures_to_interrupt: 3,
                              job: { length: 40h, checkpoint_cost: 5m, restart_cost: 5m } }

            """
        try config.write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let started = ContinuousClock.now
        let run = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "run.db", "--label", "availability"], in: dir)
        let elapsed = ContinuousClock.now - started
        await fleet.stop()
        #expect(run.status == 0, "sonde run failed: \(run.stderr)")
        #expect(elapsed < .seconds(12), "the run took \(elapsed)")
        let report = try await SondeBinary.run(["report", "--db", "run.db", "--format", "json"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let document = try decoder.decode(ReportDocument.self, from: Data(report.stdout.utf8))
        let analysis = try #require(document.availability)
        let flaky = try #require(analysis.rows.first { $0.provider.name == "flaky" })
        let steady = try #require(analysis.rows.first { $0.provider.name == "steady" })

        // Heartbeats start well before the first drop (the binary starts in far under 2.5 s).
        #expect(flaky.attempts >= 65 && flaky.attempts <= 70, "flaky: \(flaky.attempts) heartbeats")
        #expect(flaky.interruptions == Self.dropStarts.count, "episodes: \(flaky.episodes)")
        for episode in flaky.episodes {
            let length = Double(try #require(episode.endNs) - episode.startNs) / 1e9
            // Heartbeats 100 ms apart see a 600 ms drop as 500-700 ms.
            #expect(abs(length - Self.dropLength) <= 0.1 + 1e-9, "episode of \(length) s")
            #expect(episode.errorClass == .http5xx)
        }
        let truth = (flaky.observedUs - Double(Self.dropStarts.count) * Self.dropLength * 1e6) / Double(Self.dropStarts.count)
        #expect(flaky.mtbf.bound == .twoSided)
        #expect(flaky.mtbf.contains(truth), "true MTBF \(truth) µs outside \(flaky.mtbf.lowerUs)-\(flaky.mtbf.upperUs ?? 0)")
        #expect(abs((flaky.mttrUs ?? 0) - Self.dropLength * 1e6) <= 0.1e6)
        #expect(flaky.advice?.mtbfBasis == "point")

        #expect(steady.failures == 0 && steady.interruptions == 0)
        #expect(steady.availability == 1)
        #expect(steady.mtbf.bound == .oneSidedLower && steady.mtbf.pointUs == nil && steady.mtbf.upperUs == nil)
        // One-sided 95% lower bound with no failure: up-time / -ln(0.05).
        #expect(abs(steady.mtbf.lowerUs - steady.observedUs / -log(0.05)) < 1)
        #expect(steady.advice?.mtbfBasis == "lower_bound")

        let markdown = try await SondeBinary.run(["report", "--db", "run.db", "--format", "md"], in: dir)
        #expect(markdown.stdout.contains("## Availability"))
        #expect(markdown.stdout.contains("| flaky | \(flaky.attempts) | \(flaky.failures) | 3 |"))
        #expect(markdown.stdout.contains("without checkpoints a 40.0 h job completes with probability"))
    }

    /// SIGTERM while only heartbeats run: they stop, what was sent is stored, and the run is
    /// marked interrupted (exit 0), well before the configured 60 s.
    @Test func sigtermStopsTheHeartbeatsAndMarksTheRunInterrupted() async throws {
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: Self.fleet, source: "fleet.yaml"))
        let dir = try temporaryDirectory()
        let config = fleet.providersYAML() + "\nprobes:\n  availability: { interval: 100ms, duration: 60s }\n"
        try config.write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let started = ContinuousClock.now
        let running = try SondeBinary.start(["run", "-c", "sonde.yaml", "--db", "run.db", "--label", "stopped"], in: dir)
        try await Task.sleep(for: .milliseconds(1500))
        kill(running.process.processIdentifier, SIGTERM)
        let result = await running.finished()
        await fleet.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(ContinuousClock.now - started < .seconds(10))
        let store = try SampleStore(path: dir.appendingPathComponent("run.db").path, create: false)
        let record = try store.run(.label("stopped"))
        #expect(record.status == .interrupted)
        let heartbeats = try store.load(record, probe: .availability).series.map(\.samples.count)
        #expect(heartbeats.count == 2 && heartbeats.allSatisfy { $0 >= 5 && $0 <= 30 }, "heartbeats per provider: \(heartbeats)")
    }
}

import Testing
@testable import SondeCore

@Suite struct AvailabilitySettingsTests {
    static let provider = """
        providers:
          - name: a
            kind: depin
            endpoint: 'http://127.0.0.1:8080/health'
          - name: b
            kind: centralized
            endpoint: 'http://127.0.0.1:8081/v1/health'

        """

    @Test func keysParseIntoAHeartbeatPlan() throws {
        let config = try ConfigLoader.parse(Self.provider + """
            probes:
              availability: { interval: 500ms, timeout: 1s, duration: 2m, failures_to_interrupt: 4, path: /ping,
                              job: { length: 40h, checkpoint_cost: 5m, restart_cost: 0s } }
            """, source: "c.yaml")
        #expect(!config.runsLatency)
        let settings = try #require(config.availability)
        #expect(settings == AvailabilitySettings(interval: .milliseconds(500), timeout: .seconds(1), duration: .seconds(120),
                                                 failuresToInterrupt: 4, path: "/ping",
                                                 job: CheckpointJob(length: .seconds(144_000), checkpointCost: .seconds(300),
                                                                    restartCost: .zero)))
        let plan = try LatencyPlan.availability(config: config, settings: settings, providerIDs: ["a": 1, "b": 2],
                                                environment: [:], duration: .seconds(30))
        #expect(plan.probe == .availability)
        #expect(plan.maxDuration == .seconds(30))
        #expect(plan.targets.allSatisfy { $0.samples == 61 }, "30 s at 500 ms, then the duration stops it")
        #expect(plan.targets.map(\.url) == ["http://127.0.0.1:8080/ping", "http://127.0.0.1:8081/ping"])
        #expect(plan.targets.map(\.offset) == [.zero, .milliseconds(250)])
        #expect(plan.targets.allSatisfy { !$0.reuse && $0.interval == .milliseconds(500) && $0.timeout == .seconds(1) })
    }

    @Test func defaultsAreOneHeartbeatASecondThreeFailuresAFortyHourJob() throws {
        let config = try ConfigLoader.parse(Self.provider + "probes:\n  latency: {}\n  availability: {}\n", source: "c.yaml")
        #expect(config.runsLatency)
        #expect(config.availability == AvailabilitySettings())
        #expect(config.availability?.job == CheckpointJob(length: .seconds(144_000), checkpointCost: .seconds(300),
                                                          restartCost: .seconds(300)))
    }

    @Test(arguments: [
        ("  availability: { interval: 0s }", "probes.availability.interval", 9),
        ("  availability: { failures_to_interrupt: 0 }", "probes.availability.failures_to_interrupt", 9),
        ("  availability: { path: ping }", "probes.availability.path", 9),
        ("  availability: { interval: 2s, duration: 1s }", "probes.availability.duration", 9),
        ("  availability: { bogus: 1 }", "probes.availability.bogus", 9),
        ("  availability:\n    job: { checkpoint_cost: soon }", "probes.availability.job.checkpoint_cost", 10),
        ("  availability:\n    job: { restart_cost: -1s }", "probes.availability.job.restart_cost", 10),
    ])
    func badValuesNameLineAndField(yaml: String, field: String, line: Int) {
        #expect {
            _ = try ConfigLoader.parse(Self.provider + "probes:\n" + yaml + "\n", source: "c.yaml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.field == field && error.line == line && error.description.hasPrefix("c.yaml:\(line): \(field): ")
        }
    }
}

import Testing
import SondeCore
@testable import SondeProbes

/// What `sonde run --resume` runs, from the plan and what the run stored: every kind continues
/// where it stopped, with sequence numbers continuing per provider.
@Suite struct RunnerResumeTests {
    static func plan(_ probes: String) throws -> RunPlan {
        let config = try ConfigLoader.parse("""
            providers:
              - { name: a, kind: centralized, endpoint: 'http://127.0.0.1:9/' }
              - { name: b, kind: depin, endpoint: 'http://127.0.0.1:9/' }
            probes:
            \(probes)
            """, source: "test.yaml")
        return try RunPlan.make(config: config, environment: [:], duration: nil)
    }

    static let all = """
          latency: { interval: 10ms, samples: 50 }
          tcp: { interval: 10ms, samples: 20 }
          bandwidth: { path: /blob, repeats: 3, upload: 1KiB }
          load: { rate: 10/s, duration: 1s, connections: 2 }
          llm: { model: m, requests: 8, concurrency: 1 }
          availability: { interval: 100ms, duration: 2s }
        """

    @Test func anLLMProbeKilledMidwayMakesItsRemainingRequests() throws {
        // Stored: everything up to the llm step, which stopped at 3 (a) and 5 (b) of 8.
        let stored: [ProbeKind: [Int64: Runner.Stored]] = [
            .latency: [0: .init(count: 50, lastSequence: 49), 1: .init(count: 50, lastSequence: 49)],
            .tcp: [0: .init(count: 20, lastSequence: 19), 1: .init(count: 20, lastSequence: 19)],
            .bandwidth: [0: .init(count: 6, lastSequence: 5), 1: .init(count: 6, lastSequence: 5)],
            .load: [0: .init(count: 10, lastSequence: 9), 1: .init(count: 9, lastSequence: 9)],
            .llm: [0: .init(count: 3, lastSequence: 2), 1: .init(count: 5, lastSequence: 5)],
            .availability: [0: .init(count: 12, lastSequence: 11), 1: .init(count: 11, lastSequence: 11)],
        ]
        let runner = try Runner(resuming: try Self.plan(Self.all), stored: stored)
        #expect(runner.steps.map(\.kind) == [.llm])
        let llm = try #require(runner.steps.first as? LLMProbe)
        #expect(llm.done == [0: .init(count: 3, nextSequence: 3), 1: .init(count: 5, nextSequence: 6)])
        // Heartbeats: 20 planned per provider in 2 s (b starts 50 ms later), less what is stored.
        let heartbeat = try #require(runner.alongside.first as? LatencyProbe)
        #expect(heartbeat.plan.kind == .availability && heartbeat.plan.maxDuration == nil)
        #expect(heartbeat.plan.targets.map(\.samples) == [8, 9])
        #expect(heartbeat.plan.targets.map(\.firstSequence) == [12, 12])
    }

    @Test func aLatencyProbeKilledMidwayRunsItsRestThenEveryLaterStepWhole() throws {
        let stored: [ProbeKind: [Int64: Runner.Stored]] = [.latency: [0: .init(count: 30, lastSequence: 31)]]
        let runner = try Runner(resuming: try Self.plan(Self.all), stored: stored)
        #expect(runner.steps.map(\.kind) == [.latency, .tcp, .bandwidth, .load, .llm])
        let latency = try #require(runner.steps.first as? LatencyProbe)
        #expect(latency.plan.targets.map(\.samples) == [20, 50])
        #expect(latency.plan.targets.map(\.firstSequence) == [32, 0])
        #expect((runner.steps[2] as? BandwidthProbe)?.done == [:])
        #expect(runner.alongside.count == 1)
    }

    @Test func bandwidthContinuesAtTheNextTransfer() throws {
        let stored: [ProbeKind: [Int64: Runner.Stored]] = [.bandwidth: [0: .init(count: 4, lastSequence: 3)]]
        let runner = try Runner(resuming: try Self.plan("  bandwidth: { path: /blob, repeats: 3, upload: 1KiB }"), stored: stored)
        #expect((runner.steps.first as? BandwidthProbe)?.done == [0: 4])
    }

    @Test func aLoadWindowCutShortIsRefusedByName() throws {
        let stored: [ProbeKind: [Int64: Runner.Stored]] = [.load: [0: .init(count: 4, lastSequence: 3)]]
        let plan = try Self.plan(Self.all)
        let error = #expect(throws: Runner.ResumeRefusal.self) { try Runner(resuming: plan, stored: stored) }
        #expect(error?.description.hasPrefix("the load probe was interrupted after 4 requests") == true)
    }

    @Test func aFinishedRunHasNothingLeft() throws {
        let stored: [ProbeKind: [Int64: Runner.Stored]] = [
            .latency: [0: .init(count: 50, lastSequence: 49), 1: .init(count: 50, lastSequence: 49)],
            .availability: [0: .init(count: 20, lastSequence: 19), 1: .init(count: 20, lastSequence: 19)],
        ]
        let runner = try Runner(resuming: try Self.plan("  latency: { interval: 10ms, samples: 50 }\n  availability: { interval: 100ms, duration: 2s }"),
                                stored: stored)
        #expect(runner.steps.isEmpty && runner.alongside.isEmpty)
    }

    @Test func anLLMCapacitySweepRunsWholeOrIsRefused() throws {
        let plan = try Self.plan("  llm: { model: m, slo: { ttft: 1s }, sweep: { step: 1s } }")
        let fresh = try Runner(resuming: plan, stored: [:])
        #expect(fresh.steps.count == 1 && !(fresh.steps.first is LLMProbe), "a sweep, not a plain llm probe")
        let error = #expect(throws: Runner.ResumeRefusal.self) {
            try Runner(resuming: plan, stored: [.llm: [0: .init(count: 7, lastSequence: 6)]])
        }
        #expect(error?.description.hasPrefix("the llm capacity sweep was interrupted after 7 requests") == true)
    }
}

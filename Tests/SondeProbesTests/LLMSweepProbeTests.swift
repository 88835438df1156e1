import Foundation
import Testing
import SondeCore
import SondeEmulator
@testable import SondeProbes

/// The capacity sweep against emulated servers with continuous batching (docs/fleet.md derives
/// λ_sat = B / (N·s(B) + B·p·P)). Steps are short and token counts small, so the suite stays
/// within the budget; the margins leave room for a loaded 2-core machine.
@Suite(.serialized) struct LLMSweepProbeTests {
    /// Prompt 16 tokens, 8 output tokens, decode 20 ms, prefill 0.1 ms per token.
    static func fleetYAML(batch: Int, perSequence: String) -> String {
        """
        seed: 5
        providers:
          - name: gpu
            kind: depin
            region: r
            latency: { median: 1ms, sigma: 0.1 }
            llm: { prefill_per_token: 0.1ms, decode: 20ms, decode_per_seq: \(perSequence), batch: \(batch) }
        """
    }

    static func settings(step: Duration, overload: Int, overloadFor: Duration = .seconds(1)) -> LLMProbeSettings {
        // TTFT below saturation is at most about two steps (≈ 70 ms); above it the queue grows and
        // TTFT passes 200 ms within a step, so saturation is what breaks the SLO.
        LLMProbeSettings(model: "m", promptTokens: 16, maxTokens: 8, seed: 3, sloTTFT: .milliseconds(200),
                         timeout: .seconds(20),
                         sweep: LLMSweepSettings(step: step, rates: 4, refine: 0.05, maxSteps: 12, ceilingConcurrency: 16,
                                                 overloadBacklog: overload, overloadFor: overloadFor))
    }

    static func plan(_ fleet: EmulatedFleet, _ settings: LLMProbeSettings) -> LLMPlan {
        let targets = fleet.endpoints.enumerated().map { index, endpoint in
            RequestTarget(providerID: Int64(index + 1), name: endpoint.name, url: RequestTarget.url(endpoint.url, path: settings.path),
                          headers: [], timeout: settings.timeout, verifyTLS: true)
        }
        return LLMPlan(targets: targets, settings: settings)
    }

    /// Sweeps one emulated server; returns its analysis and the model's saturation rate.
    static func sweep(batch: Int, perSequence: String) async throws -> (CapacityAnalysis.Provider, Double) {
        let spec = try FleetSpec.parse(yaml: fleetYAML(batch: batch, perSequence: perSequence), source: "t")
        let saturation = spec.providers[0].llm!.saturationRate(promptTokens: 16, outputTokens: 8)!
        let fleet = try await EmulatedFleet.start(spec)
        let settings = settings(step: .seconds(3), overload: batch)
        let sink = CollectingSink(), records = CollectingRecords()
        let probe = LLMSweepProbe(plan: plan(fleet, settings), sweep: settings.sweep!)
        let outcome = await probe.run(ProbeContext(timeBase: TimeBase(), sink: sink, progress: probe.makeProgress(),
                                                   llmRecords: records))
        await fleet.stop()
        #expect(outcome.ending == .complete)
        let analysis = CapacityAnalysis(samples: sink.all, records: records.all, sloTTFT: settings.sloTTFT, sloTPOT: nil)
        return (analysis.providers[0], saturation)
    }

    /// Two capacity settings (B = 4 and B = 8, both with decode_per_seq 4 ms) swept at once, and the B = 8 server swept again:
    /// each knee within 10% of its derived λ_sat; the capacity rule passes the rerun and fails
    /// the halved batch at the baseline's knee.
    @Test func kneeFindsTheSaturationRateAndTheCapacityRuleSeesAHalvedBatch() async throws {
        async let small = Self.sweep(batch: 4, perSequence: "4ms")
        async let large = Self.sweep(batch: 8, perSequence: "4ms")
        async let rerun = Self.sweep(batch: 8, perSequence: "4ms")
        let results = try await [small, large, rerun]
        for (provider, saturation) in results {
            let table = provider.steps.map {
                String(format: "%@ %.2f/s offered %.2f/s achieved share %.3f ttft p99 %.0f ms",
                       $0.kind.rawValue, $0.offeredRate, $0.achievedRate, $0.share, ($0.ttftUs?.p99 ?? 0) / 1000)
            }
            print("sweep λ_sat \(saturation): knee \(String(describing: provider.knee))\n  " + table.joined(separator: "\n  "))
            let knee = try #require(provider.knee, "no knee")
            #expect(abs(knee.rate / saturation - 1) <= 0.10, "knee \(knee.rate)/s vs λ_sat \(saturation)/s")
            #expect(knee.upper.map { $0 / knee.rate - 1 <= 0.05 + 1e-9 } ?? false, "refined to 5%: \(knee)")
            #expect(provider.steps[0].kind == .synchronous && provider.steps[1].kind == .throughput)
        }
        let rule = CapacityRule(level: 0.05, limit: 0.05)
        let halved = try #require(rule.evaluate(baseline: results[1].0, candidate: results[0].0))
        let unchanged = try #require(rule.evaluate(baseline: results[1].0, candidate: results[2].0))
        print("capacity rule: halved \(halved)\n  unchanged \(unchanged)")
        #expect(halved.failed, "B halved must fail: \(halved)")
        #expect(!unchanged.failed, "an unchanged rerun must pass: \(unchanged)")
    }

    /// A step at twice λ_sat with a 20 s duration: the backlog passes B within a fraction of a
    /// second and the step ends `overload.for` later, far before its duration. Both times are
    /// measured: the loop's own, and the backlog recomputed from the stored samples.
    @Test func aStepPastSaturationEndsEarly() async throws {
        let spec = try FleetSpec.parse(yaml: Self.fleetYAML(batch: 4, perSequence: "4ms"), source: "t")
        let saturation = spec.providers[0].llm!.saturationRate(promptTokens: 16, outputTokens: 8)!
        let fleet = try await EmulatedFleet.start(spec)
        let settings = Self.settings(step: .seconds(20), overload: 4, overloadFor: .milliseconds(500))
        let sink = CollectingSink(), records = CollectingRecords()
        let loop = LLMSweepLoop(plan: Self.plan(fleet, settings), sweep: settings.sweep!, targetIndex: 0,
                                timeBase: TimeBase(), sink: sink, records: records,
                                progress: RunProgress(names: ["gpu"], planned: 0), stop: StopSignal())
        let result = loop.runStep(index: 2, mode: .rate(2 * saturation))
        await fleet.stop()
        let samples = sink.all
        let passed = try #require(result.backlogPassedNs, "the backlog never passed B")
        // From the samples: the first instant more than B requests were sent without a first token.
        var recordOf: [Int64: LLMRequestRecord] = [:]
        for record in records.all { recordOf[record.sequence] = record }
        let start = samples.map(\.intendedNs).min()!
        let firstTokenAt = samples.map { sample in
            recordOf[sample.sequence]?.ttftUs.map { sample.startedNs + $0 * 1000 } ?? Int64.max
        }
        let crossing = samples.map(\.startedNs).sorted().first { t in
            zip(samples, firstTokenAt).filter { $0.0.startedNs <= t && $0.1 > t }.count > 4
        }
        let stepEnd = samples.map { $0.startedNs + ($0.totalUs ?? 0) * 1000 }.max()!
        let fromSamples = Double(try #require(crossing) - start) / 1e9
        let elapsed = Double(result.elapsedNs) / 1e9, loopPassed = Double(passed) / 1e9
        print("early stop at 2×λ_sat: backlog passed B after \(loopPassed) s (samples: \(fromSamples) s), "
              + "step ended after \(elapsed) s (samples: \(Double(stepEnd - start) / 1e9) s) of 20 s")
        #expect(result.endedEarly)
        // Within 2x the time the backlog takes to pass B plus the stated `for` (0.5 s).
        #expect(elapsed <= 2 * (max(loopPassed, fromSamples) + 0.5), "ended after \(elapsed) s")
        #expect(elapsed < 5, "not the full 20 s duration")
        #expect(samples.contains { $0.errorClass == .timeout }, "abandoned requests are stored as timeouts")
        #expect(samples.allSatisfy { LLMSweepSequence.step(of: $0.sequence) == 2 })
    }
}

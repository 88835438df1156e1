import Foundation
import SondeCore
@testable import SondeEmulator
import Testing

/// The capacity model of the emulated LLM endpoint, driven in process through its scheduler (the
/// HTTP side is in `LLMCapacityStreamingTests`): the step model, the queue, 503s past it, and a
/// throughput at saturation that matches the rate derived in docs/fleet.md.
@Suite(.serialized) struct LLMCapacityTests {
    static func model(decode: Duration, perSequence: Duration = .zero, prefill: Duration = .zero, batch: Int,
                      queueLimit: Int? = nil, queue: Duration = .zero) -> EmulatedProviderSpec.LLM {
        .init(queue: queue, prefillPerToken: prefill, decode: decode,
              capacity: .init(batch: batch, decodePerSequence: perSequence, queueLimit: queueLimit))
    }

    /// Submits one request now and returns the offsets of its tokens from the submission, or nil
    /// when it was refused.
    static func request(_ scheduler: LLMScheduler, prompt: Int, tokens: Int) async -> [Duration]? {
        let start = ContinuousClock.now
        guard let (_, stream) = scheduler.submit(promptTokens: prompt, maxTokens: tokens, ready: start) else { return nil }
        return await offsets(stream, from: start)
    }

    /// The offsets from `start` of a request's tokens.
    static func offsets(_ stream: LLMScheduler.Tokens, from start: ContinuousClock.Instant) async -> [Duration] {
        var offsets: [Duration] = []
        // The scheduled end of each token's step: the model's own clock, which a late wake-up
        // of this test task (a loaded machine) does not move. LLMCapacityStreamingTests checks
        // what a client receives.
        for await end in stream { offsets.append(end - start) }
        return offsets
    }

    static func ms(_ duration: Duration) -> Double { duration.secondsValue * 1000 }

    @Test func fleetFilesDeclareCapacity() throws {
        let spec = try FleetSpec.parse(yaml: """
            providers:
              - name: a
                kind: depin
                region: r
                latency: { median: 1ms, sigma: 0.1 }
                llm: { queue: 5ms, prefill_per_token: 0.1ms, decode: 10ms, decode_per_seq: 1ms, batch: 8, queue_limit: 16 }
            """, source: "f.yaml")
        let llm = try #require(spec.providers[0].llm)
        #expect(llm.capacity == .init(batch: 8, decodePerSequence: .milliseconds(1), queueLimit: 16))
        #expect(llm.stepTime(batchSize: 8) == .milliseconds(17))
        // B / (N·s(B) + B·p·P) = 8 / (20 × 0.017 + 8 × 0.0001 × 100) = 8 / 0.42
        #expect(abs(try #require(llm.saturationRate(promptTokens: 100, outputTokens: 20)) - 19.047619) < 1e-5)
        #expect(llm.ttft(promptTokens: 100) == .milliseconds(25), "queue + prefill + one decode step on an idle server")
        #expect(EmulatedProviderSpec.LLM(queue: .zero, prefillPerToken: .zero, decode: .milliseconds(1))
            .saturationRate(promptTokens: 1, outputTokens: 1) == nil)
        func problem(_ llm: String) -> ConfigError? {
            do {
                _ = try FleetSpec.parse(yaml: "providers:\n  - { name: a, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 }, llm: \(llm) }\n",
                                        source: "f.yaml")
                return nil
            } catch { return error as? ConfigError }
        }
        #expect(problem("{ decode: 10ms, queue_limit: 4 }")?.field == "providers[0].llm.queue_limit")
        #expect(problem("{ decode: 10ms, queue_limit: 4 }")?.problem.contains("needs 'batch'") == true)
        #expect(problem("{ decode: 10ms, batch: 0 }")?.description == "f.yaml:2: providers[0].llm.batch: 0 is out of range 1...100000")
        #expect(problem("{ decode: 10ms, batch: 2, decode_per_seq: fast }")?.field == "providers[0].llm.decode_per_seq")
    }

    @Test func belowSaturationTTFTIsOneStepWithThePrefillAndITLTheStep() async throws {
        let scheduler = LLMScheduler(Self.model(decode: .milliseconds(20), perSequence: .milliseconds(10),
                                                prefill: .milliseconds(0.2), batch: 4),
                                     capacity: .init(batch: 4, decodePerSequence: .milliseconds(10)), seed: 1)
        // Alone: first token after decode + 100 × 0.2 ms = 40 ms, then one 20 ms step per token.
        let alone = try #require(await Self.request(scheduler, prompt: 100, tokens: 5))
        #expect(alone.count == 5)
        #expect((40...50).contains(Self.ms(alone[0])), "TTFT \(alone[0])")
        let gaps = zip(alone.dropFirst(), alone).map { Self.ms($0 - $1) }
        #expect(gaps.allSatisfy { (15...25).contains($0) }, "ITL \(gaps)")
        // Two reaching the server at the same instant: every step is 20 + 10 ms, and their
        // prefills (2 × 50 × 0.2 ms) share the first step.
        let ready = ContinuousClock.now + .milliseconds(20)
        let first = try #require(scheduler.submit(promptTokens: 50, maxTokens: 6, ready: ready))
        let second = try #require(scheduler.submit(promptTokens: 50, maxTokens: 6, ready: ready))
        async let a = Self.offsets(first.tokens, from: ready)
        async let b = Self.offsets(second.tokens, from: ready)
        for tokens in await [a, b] {
            #expect((50...60).contains(Self.ms(tokens[0])), "TTFT \(tokens[0]) with a batch of 2: 30 ms step + 20 ms prefill")
            let gaps = zip(tokens.dropFirst(), tokens).map { Self.ms($0 - $1) }
            #expect(gaps.allSatisfy { (25...35).contains($0) }, "ITL \(gaps) with a batch of 2")
        }
        #expect(scheduler.counts == (0, 0, 0))
    }

    @Test func aboveSaturationTheQueueGrowsTTFTGrowsAndPastQRequestsGet503() async throws {
        // Saturation: 2 / (10 × 10 ms) = 20 requests/s; offered 50/s, open loop, for 0.8 s.
        let model = Self.model(decode: .milliseconds(10), batch: 2, queueLimit: 6)
        let scheduler = LLMScheduler(model, capacity: try #require(model.capacity), seed: 1)
        #expect(model.saturationRate(promptTokens: 0, outputTokens: 10) == 20)
        let start = ContinuousClock.now
        let outcomes = await withTaskGroup(of: (Int, [Duration]?).self) { group in
            for index in 0..<40 {
                group.addTask {
                    try? await Task.sleep(until: start + .milliseconds(20) * index, clock: .continuous)
                    return (index, await Self.request(scheduler, prompt: 0, tokens: 10))
                }
            }
            var outcomes = [[Duration]?](repeating: nil, count: 40)
            for await (index, tokens) in group { outcomes[index] = tokens }
            return outcomes
        }
        let refused = outcomes.indices.filter { outcomes[$0] == nil }
        let ttft = outcomes.compactMap { $0?.first }.map(Self.ms)
        // Up to B + Q = 8 in the system; the queue fills within the first ~0.3 s, then about
        // every second arrival (50/s offered, 20/s served) finds it full.
        #expect(refused.count >= 10 && refused.count <= 30, "refused \(refused)")
        #expect((refused.first ?? 0) >= 8, "the first 8 requests fit in the batch and the queue")
        #expect(ttft.first! < 30, "the first request finds an idle server: \(ttft.first!) ms")
        #expect(ttft.suffix(5).allSatisfy { $0 > 150 }, "late requests wait behind a full queue: \(ttft)")
        #expect(scheduler.counts.rejected == refused.count)
    }

    @Test func saturationThroughputMatchesTheDerivedRate() async throws {
        // B = 8, s(8) = 10 + 7 × 1 = 17 ms, P = 100 at 0.05 ms, N = 16:
        // 8 / (16 × 0.017 + 8 × 0.005) = 25.64 requests/s, 410 tokens/s.
        let model = Self.model(decode: .milliseconds(10), perSequence: .milliseconds(1), prefill: .microseconds(50), batch: 8)
        let scheduler = LLMScheduler(model, capacity: try #require(model.capacity), seed: 1)
        let rate = try #require(model.saturationRate(promptTokens: 100, outputTokens: 16))
        let tokens = Locked([ContinuousClock.Instant]())
        let stop = ContinuousClock.now + .milliseconds(2500)
        // Twice B closed-loop clients keep a queue behind a full batch the whole time.
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    while ContinuousClock.now < stop {
                        guard let (_, stream) = scheduler.submit(promptTokens: 100, maxTokens: 16, ready: .now) else { return }
                        for await _ in stream { tokens.withLock { $0.append(.now) } }
                    }
                }
            }
        }
        // Tokens rather than completions: a full batch finishes its requests in clumps, and a
        // window of a few clumps would count them ±1 clump; tokens come out every step.
        let all = tokens.withLock { $0 }
        let from = all[0] + .milliseconds(500), to = stop - .milliseconds(100)
        let counted = all.filter { $0 >= from && $0 < to }.count
        let measured = Double(counted) / (to - from).secondsValue / 16
        print("saturation throughput: measured \(measured) requests/s, derived \(rate)")
        #expect(abs(measured / rate - 1) < 0.10, "measured \(measured) requests/s, derived \(rate)")
    }

    @Test func aClientThatLeavesFreesItsSlot() async throws {
        let model = Self.model(decode: .milliseconds(10), batch: 1, queueLimit: 0)
        let scheduler = LLMScheduler(model, capacity: try #require(model.capacity), seed: 1)
        let task = Task { await Self.request(scheduler, prompt: 0, tokens: 1000) }
        try await EmulatedFleetTests.waitUntil { scheduler.counts.running == 1 }
        #expect(scheduler.submit(promptTokens: 0, maxTokens: 1, ready: .now) == nil, "batch of one, no queue: full")
        task.cancel()
        _ = await task.value
        try await EmulatedFleetTests.waitUntil { scheduler.counts.running == 0 }
        #expect(await Self.request(scheduler, prompt: 0, tokens: 2)?.count == 2)
    }
}

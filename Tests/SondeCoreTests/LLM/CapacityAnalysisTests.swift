import Testing
@testable import SondeCore

@Suite struct CapacityAnalysisTests {
    /// A constant-rate step of `count` requests at `rate`/s; the first `bad` miss the 100 ms TTFT.
    static func step(_ index: Int, rate: Double, count: Int, bad: Int = 0, errors: Int = 0)
        -> ([Sample], [LLMRequestRecord]) {
        let start: Int64 = 1_000_000_000_000 * Int64(index + 1)
        var samples: [Sample] = [], records: [LLMRequestRecord] = []
        for i in 0..<count {
            let sequence = LLMSweepSequence.sequence(step: index, index: i)
            let intended = start + Int64(Double(i) / rate * 1e9)
            let ttft: Int64 = i < bad ? 300_000 : 40_000
            samples.append(Sample(providerID: 1, probe: .llm, sequence: sequence, intendedNs: intended, startedNs: intended,
                                  ttfbUs: ttft, totalUs: ttft + 70_000, errorClass: i >= count - errors ? .http5xx : nil))
            records.append(LLMRequestRecord(providerID: 1, sequence: sequence, ttftUs: ttft, tpotUs: 10_000, outputTokens: 8,
                                            itlP50Us: 10_000))
        }
        return (samples, records)
    }

    static func analysis(_ steps: [([Sample], [LLMRequestRecord])]) -> CapacityAnalysis {
        CapacityAnalysis(samples: steps.flatMap(\.0), records: steps.flatMap(\.1), sloTTFT: .milliseconds(100), sloTPOT: nil)
    }

    @Test func stepsCarryRatesSharesAndGoodputAndTheKneeHasItsInterval() {
        let a = Self.analysis([
            Self.step(0, rate: 1, count: 10), Self.step(1, rate: 30, count: 60),
            Self.step(2, rate: 10, count: 100), Self.step(3, rate: 20, count: 100, bad: 1),
            Self.step(4, rate: 30, count: 100, bad: 40), Self.step(5, rate: 25, count: 100, bad: 2),
        ])
        let p = a.providers[0]
        #expect(p.steps.map(\.kind) == [.synchronous, .throughput, .rate, .rate, .rate, .rate])
        #expect(abs(p.steps[2].offeredRate - 10) < 1e-6)
        #expect(p.steps[3].share == 0.99 && p.steps[3].meetingSLO == 99)
        // 20/s passes with exactly 99%; 25/s (98%) is the lowest failing rate above it.
        #expect(abs(p.knee!.rate - 20) < 1e-6 && abs(p.knee!.upper! - 25) < 1e-6)
        // Step 2: 100 requests over 99/10 s + 110 ms, all good, 8 tokens each.
        let seconds = 9.9 + 0.11
        #expect(abs(p.steps[2].goodputRequests - 100 / seconds) < 1e-6)
        #expect(abs(p.steps[2].goodputTokens - 800 / seconds) < 1e-6)
        #expect(p.steps[2].ttftUs?.p50 == 40_000 && p.steps[4].ttftUs!.p99 == 300_000)
        // Near 21/s the comparable step is the 20/s one, never the more loaded 25/s one.
        #expect(abs(p.step(near: 21)!.offeredRate - 20) < 1e-6)
    }

    @Test func errorsCountAgainstTheShareAndNoPassingRateMeansNoKnee() {
        let a = Self.analysis([Self.step(0, rate: 1, count: 5), Self.step(1, rate: 5, count: 5),
                               Self.step(2, rate: 10, count: 100, errors: 5)])
        #expect(a.providers[0].steps[2].share == 0.95 && a.providers[0].steps[2].succeeded == 95)
        #expect(a.providers[0].knee == nil)
    }
}

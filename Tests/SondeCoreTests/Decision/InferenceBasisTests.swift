import Foundation
import Testing
@testable import SondeCore

/// Which requests an inference verdict prices: pooled for a plain LLM probe, the highest
/// SLO-meeting constant-rate step for a capacity sweep.
struct InferenceBasisTests {
    static let provider = Provider(name: "gpu", kind: .depin, region: "eu", endpoint: "http://127.0.0.1:1")

    /// `count` requests of step `step`, one every `1 / rate` s from `t0`, each answered in `ttftUs`
    /// (first token) and 1 s in all, 100 output tokens.
    static func step(_ step: Int, rate: Double, count: Int, ttftUs: Int64, t0: Int64) -> ([Sample], [LLMRequestRecord]) {
        var samples: [Sample] = []
        var records: [LLMRequestRecord] = []
        for i in 0..<count {
            let sequence = LLMSweepSequence.sequence(step: step, index: i)
            let at = t0 + Int64(Double(i) / rate * 1e9)
            samples.append(Sample(providerID: 1, probe: .llm, sequence: sequence, intendedNs: at, startedNs: at, ttfbUs: ttftUs,
                                  totalUs: 1_000_000, httpStatus: 200))
            records.append(LLMRequestRecord(providerID: 1, sequence: sequence, ttftUs: ttftUs, tpotUs: 10_000, outputTokens: 100))
        }
        return (samples, records)
    }

    /// Steps: synchronous and throughput (fast), then rates 1, 2 and 4 req/s; 1 and 2 answer in
    /// 100 ms, 4 in 900 ms. With TTFT ≤ 500 ms the knee is the 2 req/s step: its 10 requests over
    /// 4.5 s + 1 s (first intended send to last end) = 5.5 s are priced, not all 50.
    @Test func sweepPricesTheHighestRateMeetingTheSLO() throws {
        let parts = [Self.step(0, rate: 1, count: 10, ttftUs: 50_000, t0: 0),
                     Self.step(1, rate: 10, count: 10, ttftUs: 50_000, t0: 100_000_000_000),
                     Self.step(2, rate: 1, count: 10, ttftUs: 100_000, t0: 200_000_000_000),
                     Self.step(3, rate: 2, count: 10, ttftUs: 100_000, t0: 300_000_000_000),
                     Self.step(4, rate: 4, count: 10, ttftUs: 900_000, t0: 400_000_000_000)]
        let data = LLMProviderData(provider: Self.provider, samples: parts.flatMap(\.0), records: parts.flatMap(\.1))
        let basis = InferenceBasis(data, service: InferenceWorkload(name: "chat", ttft: .milliseconds(500), targetShare: 0.9))
        #expect(basis.requests.count == 10)
        #expect(abs(try #require(basis.offeredRate) - 2) < 1e-9)
        #expect(abs(basis.windowSeconds - 5.5) < 1e-9)
        #expect(basis.requests.allSatisfy { $0.ttftSeconds == 0.1 })
        #expect(basis.summary.hasPrefix("sweep step 3 at 2.00 req/s (highest rate meeting the SLO)"))

        // A stricter SLO that no rate meets falls back to the least loaded rate, and says so.
        let strict = InferenceBasis(data, service: InferenceWorkload(name: "chat", ttft: .milliseconds(50), targetShare: 0.9))
        #expect(abs(try #require(strict.offeredRate) - 1) < 1e-9)
        #expect(strict.summary.contains("no rate met the SLO"))
    }

    /// A request sent late under an open-loop rate waited from its intended time: that wait counts toward TTFT.
    @Test func sweepCountsTTFTFromTheIntendedSendTime() {
        var (samples, records) = Self.step(2, rate: 1, count: 4, ttftUs: 100_000, t0: 0)
        samples[3].startedNs += 600_000_000
        let data = LLMProviderData(provider: Self.provider, samples: samples, records: records)
        let basis = InferenceBasis(data, service: InferenceWorkload(name: "chat", ttft: .milliseconds(500), targetShare: 0.5))
        #expect(abs(basis.requests[3].ttftSeconds - 0.7) < 1e-9)
        #expect(abs(basis.requests[3].totalSeconds - 1.6) < 1e-9)
    }

    /// A plain LLM probe's requests (sequences below the sweep's stride) are pooled over their window.
    @Test func plainProbeIsPooled() {
        let (samples, records) = Self.step(0, rate: 2, count: 6, ttftUs: 100_000, t0: 0)
        let data = LLMProviderData(provider: Self.provider, samples: samples, records: records)
        let basis = InferenceBasis(data, service: InferenceWorkload(name: "chat", ttft: .milliseconds(500), targetShare: 0.9))
        #expect(basis.requests.count == 6 && basis.offeredRate == nil)
        #expect(abs(basis.windowSeconds - 3.5) < 1e-9)
        #expect(basis.summary == "all 6 requests pooled")
    }
}

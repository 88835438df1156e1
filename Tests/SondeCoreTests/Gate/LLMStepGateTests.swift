import Foundation
import Testing
@testable import SondeCore

/// The LLM timing rules on capacity sweeps: steps paired by offered rate, one outcome per pair,
/// unmatched steps named; the JSON report's `llm` per step carries the same timings.
@Suite struct LLMStepGateTests {
    /// A provider's sweep: a synchronous step, a throughput ceiling, then one constant-rate step
    /// per `rates` entry, `n` requests each. TTFT from the actual send is `ttftMs` plus a seeded
    /// uniform 0–10 ms (whole ms with `steady`); every request is sent 2 ms after its intended time.
    static func sweep(_ rates: [Double], ttftMs: (Double) -> Double, n: Int = 40, steady: Bool = false, seed: UInt64 = 7) -> LLMProviderData {
        var samples: [Sample] = [], records: [LLMRequestRecord] = []
        var rng = SeededGenerator(seed: seed)
        let all: [Double] = [2, 30] + rates
        for (step, rate) in all.enumerated() {
            for k in 0..<n {
                let sequence = LLMSweepSequence.sequence(step: step, index: k)
                let intended = Int64(step) * 1_000_000_000_000 + Int64(Double(k) * 1e9 / rate)
                let jitter = steady ? Double(k % 10) : Double.random(in: 0..<10, using: &rng)
                let ttft = Int64((ttftMs(rate) + jitter) * 1000)
                samples.append(Sample(providerID: 1, probe: .llm, sequence: sequence, intendedNs: intended, startedNs: intended + 2_000_000,
                                      ttfbUs: ttft, totalUs: ttft + 80_000, httpStatus: 200))
                records.append(LLMRequestRecord(providerID: 1, sequence: sequence, ttftUs: ttft, tpotUs: 10_000 + Int64(k % 5) * 100,
                                                outputTokens: 8))
            }
        }
        return LLMProviderData(provider: Provider(name: "gpu", kind: .depin, region: "r", endpoint: "e"), samples: samples, records: records)
    }

    @Test func stepsCarryTheirOfferedRateAndTTFTFromTheIntendedSend() throws {
        let steps = LLMStepTimings.steps(Self.sweep([5, 10], ttftMs: { _ in 50 }, steady: true))
        #expect(steps.map(\.step) == [0, 1, 2, 3])
        #expect(steps.map(\.kind) == [.synchronous, .throughput, .rate, .rate])
        // 40 requests 1/5 s apart span 7.8 s: (n − 1) / span = 39 / 7.8 = 5 req/s.
        #expect(abs(steps[2].offeredRate - 5) < 1e-6 && abs(steps[3].offeredRate - 10) < 1e-6)
        // 50 ms + k mod 10, plus the 2 ms between the intended and the actual send.
        #expect(steps[2].ttftUs.prefix(3) == [52_000, 53_000, 54_000])
        #expect(steps[2].tpotUs.count == 40)
        #expect(steps[3].label == "10.00 req/s" && steps[0].label == "synchronous")
    }

    @Test func stepsArePairedByOfferedRateWithinFivePercent() {
        let b = LLMStepTimings.steps(Self.sweep([5, 10, 15, 20], ttftMs: { _ in 50 }))
        let c = LLMStepTimings.steps(Self.sweep([5.1, 10.4, 12], ttftMs: { _ in 50 }))
        let pairs = LLMStepTimings.match(baseline: b, candidate: c).map { ($0.baseline?.label ?? "-", $0.candidate?.label ?? "-") }
        // 10.4 is 4% from 10 (paired); 12 is 20% from 15 and 20% from 10 (unpaired).
        #expect(pairs.map(\.0) == ["synchronous", "throughput ceiling", "5.00 req/s", "10.00 req/s", "15.00 req/s", "20.00 req/s", "-"])
        #expect(pairs.map(\.1) == ["synchronous", "throughput ceiling", "5.10 req/s", "10.40 req/s", "-", "-", "12.00 req/s"])
    }

    static func outcomes(_ baseline: [LLMProviderData], _ candidate: [LLMProviderData], metric: GateRules.Metric = .p50TTFT) -> [GateVerdict.Outcome] {
        var before: [String: GateSample] = [:], after: [String: GateSample] = [:]
        GateSample.attach(llm: baseline, to: &before)
        GateSample.attach(llm: candidate, to: &after)
        let rules = GateRules(rules: [.init(metric: metric, limit: .maxIncrease(0.2))])
        return GateEvaluator.evaluate(baseline: before, candidate: after, rules: rules, baselineName: "b", candidateName: "c").outcomes
    }

    @Test func eachPairOfStepsIsJudgedOnItsOwn() {
        // The candidate is twice as slow to a first token at 10 req/s and unchanged elsewhere:
        // pooled over the steps, 1 of 4 steps doubling would blur into the mixture.
        let baseline = Self.sweep([5, 10, 15], ttftMs: { _ in 50 }, n: 60, seed: 1)
        let candidate = Self.sweep([5.05, 10.2, 22], ttftMs: { rate in rate > 9 && rate < 11 ? 100 : 50 }, n: 60, seed: 2)
        let outcomes = Self.outcomes([baseline], [candidate])
        let byName = Dictionary(outcomes.map { ($0.provider, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(outcomes.count == 6, "\(outcomes.map(\.summary))")
        #expect(byName["gpu (synchronous)"]?.status == .pass)
        #expect(byName["gpu (5.00 req/s)"]?.status == .pass)
        #expect(byName["gpu (10.00 req/s)"]?.status == .regression, "\(outcomes.map(\.summary))")
        #expect(byName["gpu (10.00 req/s)"]?.summary.contains("baseline step 3 at 10.00 req/s, candidate step 3 at 10.20 req/s") == true)
        #expect(byName["gpu (15.00 req/s)"]?.status == .skipped)
        #expect(byName["gpu (15.00 req/s)"]?.summary.contains("baseline step 4 has no candidate step at that rate (within 5%)") == true)
        #expect(byName["gpu (22.00 req/s)"]?.summary.contains("candidate step 4 has no baseline step at that rate") == true)
        // TPOT is unchanged at every step.
        #expect(Self.outcomes([baseline], [candidate], metric: .p99TPOT).filter { $0.status != .skipped }.allSatisfy { $0.status == .pass })
    }

    @Test func aSweepAgainstPooledTimingsIsSkippedWithTheReasonAndPlainRunsAreUnchanged() {
        let swept = Self.sweep([5], ttftMs: { _ in 50 })
        var plain = GateSample(totalsUs: [], throughputs: [], attempts: 0, failures: 0)
        plain.ttftUs = (0..<40).map { Double(50_000 + ($0 % 10) * 1000) }
        var sweptSamples: [String: GateSample] = [:]
        GateSample.attach(llm: [swept], to: &sweptSamples)
        let rules = GateRules(rules: [.init(metric: .p50TTFT, limit: .maxIncrease(0.2))])
        let old = GateEvaluator.evaluate(baseline: ["gpu": plain], candidate: sweptSamples, rules: rules, baselineName: "b", candidateName: "c")
        #expect(old.outcomes.count == 1 && old.outcomes[0].status == .skipped)
        #expect(old.outcomes[0].summary.contains("the baseline pools its LLM requests"), "\(old.outcomes[0].summary)")
        // Plain against plain: one pooled outcome named by the provider alone.
        let same = GateEvaluator.evaluate(baseline: ["gpu": plain], candidate: ["gpu": plain], rules: rules, baselineName: "b", candidateName: "c")
        #expect(same.outcomes.map(\.provider) == ["gpu"] && same.outcomes[0].status == .pass)
    }

    @Test func theJSONReportCarriesTimingsPerStepAndGatesFromThem() throws {
        let swept = Self.sweep([5, 10], ttftMs: { _ in 50 })
        let chat = LLMProviderData(provider: Provider(name: "chat", kind: .centralized, region: "r", endpoint: "e"),
                                   samples: [Sample(providerID: 2, probe: .llm, sequence: 0, intendedNs: 0, startedNs: 0, ttfbUs: 9000,
                                                    totalUs: 20_000, httpStatus: 200)],
                                   records: [LLMRequestRecord(providerID: 2, sequence: 0, ttftUs: 9000, tpotUs: 1000, outputTokens: 8)])
        let run = RunRecord(info: RunInfo(id: "r", startedNs: 0, label: nil, vantage: nil, host: nil, sondeVersion: "t", configHash: "h",
                                          configText: ""), finishedNs: 1, status: .complete)
        let analysis = try RunAnalysis(RunParts(latency: RunData(run: run, series: []), llm: [swept, chat]), settings: StoredSettings(config: nil))
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let json = try encoder.encode(analysis.document)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"offered_rate\"") && text.contains("\"kind\":\"rate\""))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let document = try decoder.decode(ReportDocument.self, from: json)
        let llm = try #require(document.llm)
        // The plain provider keeps one entry without a step; the swept one has one per step.
        #expect(llm.filter { $0.provider == "chat" }.map(\.step) == [nil])
        #expect(llm.filter { $0.provider == "gpu" }.map(\.step) == [0, 1, 2, 3])
        let samples = GateSample.all(document)
        #expect(samples["gpu"]?.llmSteps == LLMStepTimings.steps(swept))
        #expect(samples["gpu"]?.ttftUs.isEmpty == true)
        #expect(samples["chat"]?.ttftUs == [9000] && samples["chat"]?.llmSteps.isEmpty == true)
    }
}

import Foundation
import Testing
@testable import SondeCore

@Suite struct GateRulesTests {
    @Test func parsesRulesAndProviderOverrides() throws {
        let rules = try GateRules.parse("""
            level: 0.01
            rules:
              p99_total: { max_increase: 10% }
              error_rate: { max: 1% }
              throughput: { max_decrease: 0.05 }
            providers:
              depin-eu:
                p99_total: { max_increase: 25% }
            """, source: "gate.yaml")
        #expect(rules.level == 0.01)
        #expect(rules.rules(for: "cloud").map(\.metric) == [.p99Total, .errorRate, .throughput])
        #expect(rules.rules(for: "depin-eu").first { $0.metric == .p99Total }?.limit == .maxIncrease(0.25))
        #expect(rules.rules(for: "depin-eu").count == 3)
    }

    @Test(arguments: [
        ("rules:\n  p42_total: { max_increase: 10% }\n",
         "gate.yaml:2: rules.p42_total: unknown metric (known: p50_total, p90_total, p99_total, variance_total, iqr_total, mad_total, error_rate, throughput, bandwidth, time_to_provision, p50_ttft, p99_ttft, p50_tpot, p99_tpot, capacity)"),
        ("rules:\n  p99_total: { max: 200ms }\n",
         "gate.yaml:2: rules.p99_total.max: '200ms' is not a share between 0 and 1 (write e.g. 1% or 0.01)"),
        ("rules:\n  p99_total: { max: 10% }\n",
         "gate.yaml:2: rules.p99_total.max: an absolute max applies to error_rate only; use max_increase or max_decrease"),
        ("rules:\n  throughput: { max_increase: 10% }\n",
         "gate.yaml:2: rules.throughput.max_increase: throughput is better when higher: use max_decrease"),
        ("rules:\n  p50_total: { max_increase: 10%, max_decrease: 5% }\n",
         "gate.yaml:2: rules.p50_total: needs exactly one of max_increase, max_decrease, max"),
        ("rules:\n  p50_total: { max_increase: ten }\n",
         "gate.yaml:2: rules.p50_total.max_increase: 'ten' is not a positive share (write e.g. 1% or 0.01)"),
        ("level: 0.5\nrules:\n  p50_total: { max_increase: 10% }\n", "gate.yaml:1: level: 0.5 is out of range 0.0001...0.2"),
        ("thresholds: {}\n", "gate.yaml:1: thresholds: unknown key (expected one of: level, providers, rules, seed)"),
        ("rules: {}\n", "gate.yaml:1: rules: no rule given"),
    ])
    func badRulesNameTheirLineAndField(text: String, message: String) {
        do {
            _ = try GateRules.parse(text, source: "gate.yaml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func judgeNeedsBothTheLimitAndSignificance() {
        func change(_ ratio: Double, pUp: Double, pDown: Double) -> MetricChange {
            MetricChange(baseline: 100, candidate: 100 * ratio, ratio: RatioEstimate(point: ratio, lower: ratio * 0.9, upper: ratio * 1.1),
                         pIncrease: pUp, pDecrease: pDown, method: "test")
        }
        let limit = GateRules.Limit.maxIncrease(0.10)
        #expect(GateEvaluator.judge(change(1.25, pUp: 0.0001, pDown: 1), limit: limit, level: 0.005) == .regression)
        #expect(GateEvaluator.judge(change(1.25, pUp: 0.02, pDown: 1), limit: limit, level: 0.005) == .pass)   // not significant
        #expect(GateEvaluator.judge(change(1.05, pUp: 0.0001, pDown: 1), limit: limit, level: 0.005) == .pass)  // within the limit
        #expect(GateEvaluator.judge(change(0.80, pUp: 1, pDown: 0.0001), limit: limit, level: 0.005) == .improvement)
        let decrease = GateRules.Limit.maxDecrease(0.05)
        #expect(GateEvaluator.judge(change(0.90, pUp: 1, pDown: 0.001), limit: decrease, level: 0.005) == .regression)
    }

    @Test func missingProvidersAreSkippedNotFailed() {
        let sample = GateSample(totalsUs: [1, 2, 3], throughputs: [], attempts: 3, failures: 0)
        let verdict = GateEvaluator.evaluate(baseline: ["a": sample], candidate: ["b": sample], rules: GateRules(),
                                             baselineName: "base", candidateName: "cand")
        #expect(verdict.regressions.isEmpty)
        #expect(verdict.outcomes.allSatisfy { $0.status == .skipped })
        #expect(verdict.outcomes.first { $0.provider == "b" }?.summary == "b p50_total: skipped, not in the baseline")
    }

    @Test func anAbsoluteErrorCeilingUsesTheLowerConfidenceBound() {
        let clean = GateSample(totalsUs: Array(repeating: 1000, count: 10), throughputs: [], attempts: 1000, failures: 5)
        let broken = GateSample(totalsUs: Array(repeating: 1000, count: 10), throughputs: [], attempts: 1000, failures: 60)
        let borderline = GateSample(totalsUs: Array(repeating: 1000, count: 10), throughputs: [], attempts: 100, failures: 2)
        let rules = GateRules(rules: [.init(metric: .errorRate, limit: .max(0.01))])
        let verdict = GateEvaluator.evaluate(baseline: ["a": clean, "b": clean, "c": clean],
                                             candidate: ["a": clean, "b": broken, "c": borderline], rules: rules,
                                             baselineName: "x", candidateName: "y")
        #expect(verdict.regressions.map(\.provider) == ["b"])
    }

    @Test func llmTimingsAreGatedLikeLatency() throws {
        var rng = SeededGenerator(seed: 3)
        func timings(_ median: Double, _ count: Int) -> [LLMSeries] {
            let values = (0..<count).map { _ in Int64(median * exp(0.2 * rng.normal())) }
            return [LLMSeries(provider: Provider(name: "gpu", kind: .depin, region: "", endpoint: ""), ttftUs: values, tpotUs: values)]
        }
        var before: [String: GateSample] = [:]
        var slower: [String: GateSample] = [:]
        var same: [String: GateSample] = [:]
        GateSample.attach(timings(150_000, 300), to: &before)
        GateSample.attach(timings(300_000, 300), to: &slower)
        GateSample.attach(timings(150_000, 300), to: &same)
        let rules = try GateRules.parse("rules:\n  p50_ttft: { max_increase: 20% }\n  p99_tpot: { max_increase: 50% }\n", source: "gate.yaml")
        let failing = GateEvaluator.evaluate(baseline: before, candidate: slower, rules: rules, baselineName: "a", candidateName: "b")
        #expect(failing.regressions.map(\.rule.metric) == [.p50TTFT, .p99TPOT])
        let passing = GateEvaluator.evaluate(baseline: before, candidate: same, rules: rules, baselineName: "a", candidateName: "b")
        #expect(passing.regressions.isEmpty)
        #expect(passing.outcomes.allSatisfy { $0.status == .pass })
    }
}

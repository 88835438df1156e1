import Testing
@testable import SondeCore

/// The `capacity` gate rule through `GateEvaluator`: at the baseline's knee rate, a candidate
/// whose share meeting the SLO drops significantly and by more than the limit is a regression.
@Suite struct CapacityGateTests {
    static let slo = Duration.milliseconds(200)

    /// A sweep of constant-rate steps: per step its rate and how many of `requests` met the SLO
    /// (the others take 900 ms to a first token). Steps 0 and 1 (synchronous, ceiling) have one
    /// passing request each so the step indices match a real sweep.
    static func sweep(_ steps: [(rate: Double, good: Int)], requests: Int = 100, target: Double = 0.99) -> CapacityAnalysis.Provider {
        var samples: [Sample] = []
        let all: [(rate: Double, good: Int, n: Int)] = [(1, 1, 1), (1, 1, 1)] + steps.map { ($0.rate, $0.good, requests) }
        for (step, s) in all.enumerated() {
            let gapNs = Int64(1e9 / s.rate)
            for k in 0..<s.n {
                let at = Int64(step) * 1_000_000_000_000 + Int64(k) * gapNs
                let ttft: Int64 = k < s.good ? 50_000 : 900_000
                samples.append(Sample(providerID: 1, probe: .llm, sequence: LLMSweepSequence.sequence(step: step, index: k),
                                      intendedNs: at, startedNs: at, ttfbUs: ttft, totalUs: ttft + 100_000, httpStatus: 200))
            }
        }
        let analysis = CapacityAnalysis(samples: samples, records: [], sloTTFT: slo, sloTPOT: nil, target: target)
        return analysis.providers[0]
    }

    static func sample(_ sweep: CapacityAnalysis.Provider?) -> [String: GateSample] {
        var samples: [String: GateSample] = [:]
        GateSample.attach(capacity: sweep.map { [("gpu", $0)] } ?? [], to: &samples)
        return samples
    }

    static func verdict(_ baseline: CapacityAnalysis.Provider?, _ candidate: CapacityAnalysis.Provider?,
                        limit: Double = 0.05) -> GateVerdict.Outcome {
        let rules = GateRules(rules: [.init(metric: .capacity, limit: .maxDecrease(limit))])
        var candidates = sample(candidate)
        if candidates.isEmpty { candidates["gpu"] = GateSample(totalsUs: [], throughputs: [], attempts: 0, failures: 0) }
        let verdict = GateEvaluator.evaluate(baseline: sample(baseline), candidate: candidates, rules: rules,
                                             baselineName: "b", candidateName: "c")
        return verdict.outcomes[0]
    }

    /// Baseline knee 4 req/s (100/100; 8 req/s fails). Halved capacity: 60/100 at 4 req/s.
    /// scipy.stats.fisher_exact([[100,0],[60,40]], alternative='greater').pvalue = 6.704963314045109e-15
    @Test func aHalvedCapacityIsARegression() {
        let baseline = Self.sweep([(2, 100), (4, 100), (8, 20)])
        #expect(baseline.knee == CapacityAnalysis.Knee(rate: 4, upper: 8))
        let outcome = Self.verdict(baseline, Self.sweep([(2, 100), (4, 60), (8, 0)]))
        #expect(outcome.status == .regression, "\(outcome.summary)")
        #expect(outcome.summary.contains("100.0% (100/100) → 60.0% (60/100)") && outcome.summary.contains("drop 40.0 points"), "\(outcome.summary)")
    }

    /// One request fewer meeting the SLO: scipy.stats.fisher_exact([[100,0],[99,1]], alternative='greater').pvalue = 0.5
    @Test func anUnchangedRerunPasses() {
        let outcome = Self.verdict(Self.sweep([(2, 100), (4, 100), (8, 20)]), Self.sweep([(2, 100), (4, 99), (8, 30)]))
        #expect(outcome.status == .pass, "\(outcome.summary)")
    }

    /// Significant (scipy.stats.fisher_exact([[1000,0],[970,30]], alternative='greater').pvalue
    /// = 7.468327881304512e-10) but 3 points, under the 5-point limit: pass; with a 2-point limit: regression.
    @Test func theLimitIsAnAbsoluteDropInShare() {
        let baseline = Self.sweep([(2, 1000), (4, 1000), (8, 20)], requests: 1000)
        let candidate = Self.sweep([(2, 1000), (4, 970), (8, 20)], requests: 1000)
        #expect(Self.verdict(baseline, candidate).status == .pass)
        #expect(Self.verdict(baseline, candidate, limit: 0.02).status == .regression)
    }

    /// The mirror image, with a sweep target of 50 % so that 60/100 at 4 req/s is the knee:
    /// scipy.stats.fisher_exact([[60,40],[100,0]], alternative='less').pvalue = 6.704963314045109e-15
    @Test func aLargeSignificantGainIsAnImprovement() {
        let baseline = Self.sweep([(2, 100), (4, 60), (8, 0)], target: 0.5)
        #expect(baseline.knee == CapacityAnalysis.Knee(rate: 4, upper: 8))
        let outcome = Self.verdict(baseline, Self.sweep([(2, 100), (4, 100), (8, 100)], target: 0.5))
        #expect(outcome.status == .improvement, "\(outcome.summary)")
    }

    @Test func withoutASweepOnEitherSideTheRuleIsSkipped() {
        let sweep = Self.sweep([(2, 100), (4, 100), (8, 20)])
        #expect(Self.verdict(nil, sweep).status == .skipped)
        #expect(Self.verdict(sweep, nil).status == .skipped)
        // No rate met the SLO in the baseline: no knee to compare at.
        #expect(Self.verdict(Self.sweep([(2, 10), (4, 0)]), sweep).status == .skipped)
    }

    @Test func theRulesFileTakesCapacityWithMaxDecreaseOnly() throws {
        let rules = try GateRules.parse("rules:\n  capacity: { max_decrease: 5% }\n", source: "rules.yaml")
        #expect(rules.rules == [.init(metric: .capacity, limit: .maxDecrease(0.05))])
        #expect(throws: ConfigError.self) { try GateRules.parse("rules:\n  capacity: { max_increase: 5% }\n", source: "rules.yaml") }
    }
}

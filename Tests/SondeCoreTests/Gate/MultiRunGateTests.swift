import Testing
@testable import SondeCore

@Suite struct MultiRunGateTests {
    /// A run whose provider "p" has the given per-run p50 and p99 and 1000 attempts.
    static func run(_ index: Int, p50: Double, p99: Double? = nil, failures: Int = 0, provider: String = "p") -> GateRunSummary {
        var statistics = ["p50_total": p50, "error_rate": Double(failures) / 1000]
        if let p99 { statistics["p99_total"] = p99 }
        return GateRunSummary(runID: "run-\(index)", label: "nightly-\(index)", vantage: nil, startedNs: Int64(index) * 300_000_000_000,
                          providers: [.init(name: provider, attempts: 1000, failures: failures, statistics: statistics)])
    }

    static let p50s: [Double] = [40_000, 41_600, 39_200, 44_000, 40_400, 38_800, 41_200, 39_600, 42_000, 40_800]
    static let baseline = p50s.enumerated().map { run($0.offset, p50: $0.element) }
    static let rules = GateRules(rules: [GateRules.Rule(metric: .p50Total, limit: .maxIncrease(0.10))])

    static func verdict(_ candidate: GateRunSummary, runs: [GateRunSummary] = baseline, rules: GateRules = rules) -> GateVerdict {
        GateEvaluator.evaluate(runs: runs, candidate: candidate, rules: rules, baselineName: "10 runs", candidateName: "c")
    }

    /// scipy.stats.mstats.hdquantiles([12,7,3,9,15,4,8,11,6,10], prob=[0.5,0.9,0.99]) and
    /// numpy var(ddof=1), percentile IQR, median absolute deviation of the same values.
    @Test func summaryStatisticsMatchScipy() {
        let values: [Double] = [12, 7, 3, 9, 15, 4, 8, 11, 6, 10]
        let s = GateRunSummary.statistics(GateSample(totalsUs: values, throughputs: [1, 2, 3, 4], attempts: 12, failures: 2))
        #expect(abs(s["p50_total"]! - 8.485939431874803) < 1e-9)
        #expect(abs(s["p90_total"]! - 13.649954479218533) < 1e-9)
        #expect(abs(s["p99_total"]! - 14.926592150924643) < 1e-9)
        #expect(abs(s["variance_total"]! - 13.61111111111111) < 1e-9)
        #expect(s["iqr_total"] == 4.5 && s["mad_total"] == 2.5)
        #expect(s["throughput"] == 2.5 && abs(s["error_rate"]! - 2.0 / 12) < 1e-15)
        #expect(s["p50_ttft"] == nil, "no LLM timings, no LLM statistics")
    }

    @Test func aSlowerCandidateFailsAndATypicalOnePasses() {
        let slow = Self.verdict(Self.run(99, p50: 52_000))
        #expect(slow.regressions.count == 1)
        #expect(slow.outcomes[0].summary.contains("against 10 baseline runs"))
        let typical = Self.verdict(Self.run(99, p50: 43_000))
        #expect(typical.outcomes.map(\.status) == [.pass])
    }

    /// Runs that spread widely (slow periods between them) allow a candidate that steady runs would not.
    @Test func betweenRunSpreadIsAllowed() {
        let wide = [40_000.0, 52_000, 39_000, 41_000, 58_000, 40_500, 39_500, 50_000, 40_000, 41_500]
            .enumerated().map { Self.run($0.offset, p50: $0.element) }
        #expect(Self.verdict(Self.run(99, p50: 52_000), runs: wide).regressions.isEmpty)
    }

    @Test func theCandidateIsNeverItsOwnBaseline() {
        let candidate = Self.run(3, p50: 52_000)
        let verdict = Self.verdict(candidate, runs: Self.baseline)
        #expect(verdict.outcomes[0].summary.contains("against 9 baseline runs"))
    }

    @Test func missingDataIsSkippedNotFailed() {
        let rules = GateRules(rules: [GateRules.Rule(metric: .p99Total, limit: .maxIncrease(0.2)),
                                      GateRules.Rule(metric: .capacity, limit: .maxDecrease(0.1))])
        let verdict = Self.verdict(Self.run(99, p50: 52_000, p99: 90_000), rules: rules)
        #expect(verdict.outcomes.map(\.status) == [.skipped, .skipped])
        #expect(verdict.outcomes[0].summary.contains("at least 3 baseline runs"))
        #expect(verdict.outcomes[1].summary.contains("not compared across runs"))
        let elsewhere = Self.verdict(Self.run(99, p50: 40_000, provider: "q"))
        #expect(elsewhere.outcomes.map(\.provider) == ["q", "p"] && elsewhere.outcomes.allSatisfy { $0.status == .skipped })
    }

    /// An absolute error-rate ceiling looks at the candidate alone: 30/1000 has a Wilson lower
    /// bound above 1%.
    @Test func errorRateCeilingJudgesTheCandidate() {
        let rules = GateRules(rules: [GateRules.Rule(metric: .errorRate, limit: .max(0.01))])
        #expect(Self.verdict(Self.run(99, p50: 40_000, failures: 30), rules: rules).regressions.count == 1)
        #expect(Self.verdict(Self.run(99, p50: 40_000, failures: 5), rules: rules).regressions.isEmpty)
    }
}

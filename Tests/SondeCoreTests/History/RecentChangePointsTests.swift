import Testing
@testable import SondeCore

@Suite struct RecentChangePointsTests {
    /// Per-run p50s around 40 ms with a deterministic ±1% wobble, the newest `shifted` runs ×`factor`.
    static func runs(_ count: Int, shiftedFrom start: Int, factor: Double) -> [GateRunSummary] {
        (0..<count).map { i in
            let wobble = 1 + 0.01 * Double((i * 7) % 5 - 2) / 2
            let value = 40_000 * wobble * (i >= start ? factor : 1)
            return GateRunSummary(runID: "run-\(i)", label: nil, vantage: nil, startedNs: Int64(i) * 300_000_000_000,
                              providers: [.init(name: "p", attempts: 600, failures: 0, statistics: ["p50_total": value])])
        }
    }

    static func search(_ runs: [GateRunSummary], within: Int = 3) -> RecentChangePoints.Search {
        RecentChangePoints.search(runs: runs, within: within) { _ in [.p50Total] }
    }

    @Test func aStepInTheNewestRunsIsFoundAndNamed() throws {
        let search = Self.search(Self.runs(20, shiftedFrom: 17, factor: 1.3))
        let point = try #require(search.recent.first)
        #expect(search.recent.count == 1 && search.older.isEmpty && search.seriesTested == 1)
        #expect(point.provider == "p" && point.metric == .p50Total && point.runID == "run-17" && point.runsAgo == 3)
        #expect(point.isWorse && point.change.pValue <= 0.01 && point.change.shift.lower > 0)
        let verdict = GateEvaluator.adding(search, to: GateVerdict(outcomes: [], level: 0.005, baselineName: "b", candidateName: "c"),
                                           rules: GateRules())
        #expect(verdict.regressions.count == 1)
        #expect(verdict.outcomes[0].summary.contains("change point at run run-17") && verdict.outcomes[0].changePoint == point)
    }

    @Test func aSteadySeriesHasNone() {
        let search = Self.search(Self.runs(20, shiftedFrom: 20, factor: 1))
        #expect(search.recent.isEmpty && search.older.isEmpty)
    }

    @Test func anOlderStepDoesNotCountAndABetterOneIsAnImprovement() {
        let older = Self.search(Self.runs(20, shiftedFrom: 10, factor: 1.3))
        #expect(older.recent.isEmpty && older.older.map(\.runID) == ["run-10"])
        let better = Self.search(Self.runs(20, shiftedFrom: 17, factor: 0.7))
        let verdict = GateEvaluator.adding(better, to: GateVerdict(outcomes: [], level: 0.005, baselineName: "b", candidateName: "c"),
                                           rules: GateRules())
        #expect(verdict.improvements.count == 1 && verdict.regressions.isEmpty)
    }
}

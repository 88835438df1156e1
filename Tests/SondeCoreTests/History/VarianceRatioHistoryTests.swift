import Foundation
import Testing
@testable import SondeCore

struct VarianceRatioHistoryTests {
    @Test func momentsMergeAsNumpy() throws {
        // python3 -c "import numpy as np; print(np.var([1,2,3,4,10], ddof=1), np.mean([1,2,3,4,10]))"  → 12.5 4.0
        var left = Moments(), right = Moments()
        for value in [1.0, 2, 3] { left.add(value) }
        for value in [4.0, 10] { right.add(value) }
        left.merge(right)
        let variance = try #require(left.variance)
        #expect(left.count == 5 && abs(left.mean - 4) < 1e-12 && abs(variance - 12.5) < 1e-12)
        #expect(Moments().variance == nil)
    }

    @Test func aCandidateTwiceAsWideHasRatioFourInEveryResample() throws {
        // Per run: baseline values v, candidates 2v (two DePIN providers): every resample's ratio is exactly 4.
        let hour: Int64 = 1_796_083_200_000_000_000
        var cells: [HistoryAnalysis.Key: VarianceRatioHistory.Cells] = [:]
        for run in 0..<6 {
            var base = Moments(), wide = Moments()
            for i in 0..<50 {
                let v = 1000 + Double((i * 37 + run * 11) % 97) * 10
                base.add(v)
                wide.add(2 * v)
            }
            cells[.init(name: "aws", vantage: nil), default: [:]]["r\(run)"] = [hour: base]
            cells[.init(name: "d1", vantage: nil), default: [:]]["r\(run)"] = [hour: wide]
            cells[.init(name: "d2", vantage: nil), default: [:]]["r\(run)"] = [hour: wide]
        }
        let ratios = VarianceRatioHistory.compute(cells: cells, depin: ["d1", "d2"], baseline: "aws", width: .hour, confidence: 0.95)
        #expect(ratios.series.map(\.candidate) == ["d1", "d2", "pooled DePIN"])
        // Pooled, each run holds its 50 values twice: 4 × (2·300 − 2)/(2·300 − 1) with n − 1 denominators.
        let expected = [4, 4, 4 * 598.0 / 599]
        for (series, ratio) in zip(ratios.series, expected) {
            let window = try #require(series.windows.first)
            #expect(series.windows.count == 1 && window.runs == 6)
            let lower = try #require(window.lower), upper = try #require(window.upper)
            #expect(abs(window.ratio - ratio) < 1e-9 && abs(lower - ratio) < 1e-9 && abs(upper - ratio) < 1e-9, "\(series.candidate)")
        }
        #expect(VarianceRatioHistory.compute(cells: cells, depin: ["d1"], baseline: nil, width: .hour, confidence: 0.95).series.isEmpty)
    }

    @Test func theHistoryHasTheRatioAgainstTheOnlyCentralizedProvider() throws {
        // alpha (centralized) log-normal median 20 ms, beta (DePIN) 30 ms, same shape: variance ratio (30/20)² = 2.25.
        let history = PrunedHistoryTests.analyse(HistoryAnalysisTests.runs(factor: 1), pruned: 0)
        #expect(history.varianceRatios.baseline == "alpha")
        let beta = try #require(history.varianceRatios.series.first)
        #expect(beta.candidate == "beta" && history.varianceRatios.series.count == 1)
        let window = try #require(beta.windows.first)
        #expect(window.runs == 30)
        let lower = try #require(window.lower), upper = try #require(window.upper)
        #expect(lower < 2.25 && 2.25 < upper && lower > 1.5 && lower <= window.ratio && window.ratio <= upper)
        // Pruned runs give the same ratio within the histograms' precision.
        let pruned = PrunedHistoryTests.analyse(HistoryAnalysisTests.runs(factor: 1), pruned: 30)
        let again = try #require(pruned.varianceRatios.series.first?.windows.first)
        #expect(abs(again.ratio - window.ratio) / window.ratio < 5e-3)
    }
}

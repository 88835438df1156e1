import Testing
@testable import SondeCore

/// The headline names a DePIN provider that carries the pooled ratio on its own (issue 23: one
/// provider with 2% of responses +400 ms made a run read "63x" while the others were 2.5x and 7x).
struct PooledLeaveOneOutTests {
    static func data(tail: Bool) -> RunData {
        let info = RunInfo(id: "r", startedNs: 0, label: nil, vantage: nil, host: nil, sondeVersion: "t", configHash: "h", configText: "")
        var tailSeries = VarianceAnalysisTests.series("depin-tail", kind: .depin, region: "ap", id: 4, median: 60_000,
                                                      sigma: 0.2, seed: 4)
        if tail {
            // Every 50th response 400 ms slower: 2% of responses.
            for i in stride(from: 7, to: tailSeries.samples.count, by: 50) {
                tailSeries.samples[i].totalUs! += 400_000
            }
        }
        return RunData(run: RunRecord(info: info, finishedNs: 1, status: .complete), series: [
            VarianceAnalysisTests.series("cloud", kind: .centralized, region: "us-east", id: 1, median: 40_000, sigma: 0.1, seed: 1),
            VarianceAnalysisTests.series("depin-a", kind: .depin, region: "na", id: 2, median: 60_000, sigma: 0.2, seed: 2),
            VarianceAnalysisTests.series("depin-b", kind: .depin, region: "eu", id: 3, median: 70_000, sigma: 0.25, seed: 3),
            tailSeries,
        ])
    }

    @Test func theHeadlineNamesTheProviderThatCarriesThePooledRatio() throws {
        let data = Self.data(tail: true)
        let analysis = try VarianceAnalysis(data, latency: LatencyAnalysis(data), options: AnalysisOptions(baseline: "cloud", resamples: 300))
        let check = try #require(analysis.headlineLeaveOneOut)
        let driver = try #require(check.driver)
        #expect(driver.provider == "depin-tail")
        // Without the tail the pooled ratio is that of two σ 0.2–0.25 providers against σ 0.1:
        // (1.5–1.75 × 2–2.5)², between about 9 and 19; with it, 2% of 400 ms over 4 ms² dominates.
        #expect(driver.ratioWithout > 6 && driver.ratioWithout < 25, "\(driver.ratioWithout)")
        #expect(check.ratio.point > 3 * driver.ratioWithout)
        #expect(analysis.headline.contains(", driven by depin-tail (\(Format.times(driver.ratioWithout))x without it)"))
        #expect(check.members.map(\.provider) == ["depin-a", "depin-b", "depin-tail"])
    }

    @Test func ordinaryDifferencesBetweenProvidersNameNoDriver() throws {
        let data = Self.data(tail: false)
        let analysis = try VarianceAnalysis(data, latency: LatencyAnalysis(data), options: AnalysisOptions(baseline: "cloud", resamples: 300))
        let check = try #require(analysis.headlineLeaveOneOut)
        #expect(check.driver == nil)
        #expect(!analysis.headline.contains("driven by"))
    }

    /// Leaving a member out recomputes the aligned pooled variance of the others exactly.
    @Test func leaveOneOutRecomputesThePooledVariance() throws {
        let groups: [[Double]] = [[1, 2, 3, 4], [10, 12, 14, 16], [100, 101, 300, 102]]
        let check = try #require(PooledLeaveOneOut(subject: "g", providers: ["a", "b", "c"], groups: groups, baselineVariance: 2,
                                                   ratio: RatioEstimate(point: 1000, lower: 900, upper: 1100), align: true))
        // Without c: a and b centred on medians 2.5 and 13: [-1.5, -0.5, 0.5, 1.5, -3, -1, 1, 3];
        // python3 -c "import numpy as np; print(np.var([-1.5,-.5,.5,1.5,-3,-1,1,3], ddof=1) / 2)" -> 1.5
        #expect(isClose(check.members[2].ratioWithout, 1.7857142857142858, relative: 1e-12))
        #expect(check.driver?.provider == "c")
    }
}

import Testing
@testable import SondeCore

@Suite struct RunPredictionTests {
    static let baseline: [Double] = [100, 104, 98, 110, 101, 97, 103, 99, 105, 102]

    /// The log-scale prediction interval against numpy/scipy:
    /// python3 -c "import numpy as np; from scipy import stats
    /// b=np.log([100,104,98,110,101,97,103,99,105,102.]); c=np.log(118.); n=len(b); m=b.mean(); s=b.std(ddof=1)
    /// se=s*np.sqrt(1+1/n); t=(c-m)/se; q=stats.t.ppf(0.995,n-1)
    /// print(np.exp(m), s, t, stats.t.sf(t,n-1), stats.t.cdf(t,n-1), np.exp(c-m), np.exp(c-m-q*se), np.exp(c-m+q*se))"
    @Test func matchesScipy() throws {
        let change = try #require(RunPrediction.change(baseline: Self.baseline, candidate: 118, level: 0.005, name: "p50_total"))
        #expect(abs(change.baseline - 101.83585401761368) < 1e-9)
        #expect(change.candidate == 118)
        #expect(abs(change.pIncrease - 0.0022087292554521824) < 1e-10)
        #expect(abs(change.pDecrease - 0.9977912707445478) < 1e-10)
        #expect(abs(change.ratio.point - 1.1587274554558218) < 1e-12)
        #expect(abs(change.ratio.lower - 1.0205296953712697) < 1e-8)
        #expect(abs(change.ratio.upper - 1.315639635100149) < 1e-8)
        #expect(change.method.contains("10 baseline runs") && change.method.contains("9 df") && change.method.contains("3.7%"))
    }

    /// A candidate inside the runs' spread is not significant, and the interval holds 1.
    @Test func aTypicalRunIsNotSignificant() throws {
        let change = try #require(RunPrediction.change(baseline: Self.baseline, candidate: 106, level: 0.005, name: "p50_total"))
        #expect(change.pIncrease > 0.05 && change.ratio.lower < 1 && change.ratio.upper > 1)
    }

    /// The same +16% that is significant against steady runs is not against runs that spread
    /// as widely (slow periods between runs): the point of counting runs as the unit.
    @Test func betweenRunSpreadWidensWhatPasses() throws {
        let spread: [Double] = [100, 130, 95, 102, 160, 98, 101, 125, 97, 104]
        let change = try #require(RunPrediction.change(baseline: spread, candidate: 118, level: 0.005, name: "p99_total"))
        #expect(change.pIncrease > 0.1)
    }

    @Test func tooFewRunsGiveNothing() {
        #expect(RunPrediction.change(baseline: [100, 101], candidate: 150, level: 0.005, name: "x") == nil)
        #expect(RunPrediction.change(baseline: [100, 101, 0], candidate: 150, level: 0.005, name: "x") == nil)
        #expect(RunPrediction.change(baseline: Self.baseline, candidate: 0, level: 0.005, name: "x") == nil)
    }
}

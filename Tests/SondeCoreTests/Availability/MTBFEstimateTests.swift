import Testing
@testable import SondeCore

struct MTBFEstimateTests {
    // Exact time-truncated interval: [2T/chi2((1+c)/2, 2r+2), 2T/chi2((1-c)/2, 2r)].
    // python3 -c "from scipy.stats import chi2; T=5100000.0; print(2*T/chi2.ppf(0.975,8), 2*T/chi2.ppf(0.025,6))"
    // -> 581708.8117856346 8243461.780902978
    @Test func threeInterruptionsGiveTheExactTwoSidedInterval() {
        let estimate = MTBFEstimate(interruptions: 3, timeAtRiskUs: 5_100_000, confidence: 0.95)
        #expect(estimate.pointUs == 1_700_000)
        #expect(isClose(estimate.lowerUs, 581708.8117856346, relative: 1e-9))
        #expect(isClose(estimate.upperUs!, 8243461.780902978, relative: 1e-9))
        #expect(estimate.bound == .twoSided)
    }

    // python3 -c "from scipy.stats import chi2; print(2*100.0/chi2.ppf(0.95,4), 2*100.0/chi2.ppf(0.05,2))"
    // -> 21.07986001967999 1949.572574622369
    @Test func ninetyPercentWithOneInterruption() {
        let estimate = MTBFEstimate(interruptions: 1, timeAtRiskUs: 100, confidence: 0.90)
        #expect(isClose(estimate.lowerUs, 21.07986001967999, relative: 1e-9))
        #expect(isClose(estimate.upperUs!, 1949.572574622369, relative: 1e-9))
    }

    // python3 -c "from scipy.stats import chi2; print(2*6900000.0/chi2.ppf(0.95,2))"  -> 2303276.584797806
    @Test func noInterruptionGivesOnlyAOneSidedLowerBound() {
        let estimate = MTBFEstimate(interruptions: 0, timeAtRiskUs: 6_900_000, confidence: 0.95)
        #expect(estimate.pointUs == nil && estimate.upperUs == nil)
        #expect(estimate.bound == .oneSidedLower)
        #expect(isClose(estimate.lowerUs, 2303276.584797806, relative: 1e-9))
        #expect(estimate.contains(1e12))
        #expect(!estimate.contains(2_000_000))
    }
}

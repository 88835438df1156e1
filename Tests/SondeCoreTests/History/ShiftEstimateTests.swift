import Testing
@testable import SondeCore

struct ShiftEstimateTests {
    // Hodges–Lehmann shift and its Moses interval:
    // python3 -c "
    // import numpy as np; from scipy.stats import norm
    // a=np.array([10.0,11.0,9.5,10.5,12.0]); b=np.array([14.0,15.5,13.0,16.0,14.5,15.0])
    // d=np.sort((b[None,:]-a[:,None]).ravel()); m,n=5,6
    // k=int(np.floor(m*n/2-norm.ppf(0.975)*np.sqrt(m*n*(m+n+1)/12)))
    // print(np.median(d), k, d[k-1], d[m*n-k])"
    // -> 4.0 4 2.5 5.5
    @Test func hodgesLehmannShiftWithItsMosesInterval() {
        let shift = ShiftEstimate(before: [10, 11, 9.5, 10.5, 12], after: [14, 15.5, 13, 16, 14.5, 15], confidence: 0.95)
        #expect(shift.point == 4.0)
        #expect(shift.lower == 2.5)
        #expect(shift.upper == 5.5)
    }

    @Test func tinySamplesFallBackToTheExtremeDifferences() {
        let shift = ShiftEstimate(before: [1], after: [3, 4], confidence: 0.95)
        #expect(shift.lower == 2 && shift.upper == 3 && shift.point == 2.5)
    }
}

import Testing
@testable import SondeCore

struct AutocorrelationTests {
    // python3 -c "import numpy as np; x=np.array([1.,3,2,5,4,6,8,7,9,12]); d=x-x.mean();
    //   print(repr((d[:-1]*d[1:]).sum()/(d*d).sum()))"
    // -> 0.5255523535062441
    @Test func lag1MatchesAcfEstimator() {
        let r = Autocorrelation.lag1([1, 3, 2, 5, 4, 6, 8, 7, 9, 12])
        #expect(isClose(r, 0.5255523535062441, relative: 1e-12))
    }

    @Test func bartlettThreshold() {
        // 1.96/√400 = 0.098
        #expect(Autocorrelation.isSignificant(lag1: 0.1, n: 400))
        #expect(!Autocorrelation.isSignificant(lag1: 0.09, n: 400))
        #expect(!Autocorrelation.isSignificant(lag1: -0.09, n: 400))
        #expect(Autocorrelation.isSignificant(lag1: -0.1, n: 400))
    }

    @Test func whiteNoiseIsRarelySignificant() {
        var rng = SeededGenerator(seed: 7)
        var hits = 0
        for _ in 0..<400 {
            let x = (0..<500).map { _ in rng.normal() }
            if Autocorrelation.isSignificant(lag1: Autocorrelation.lag1(x), n: x.count) { hits += 1 }
        }
        #expect(hits > 5 && hits < 40)  // about 5% of 400
    }
}

import Testing
@testable import SondeCore

/// Relative closeness for known-answer comparisons.
func isClose(_ a: Double, _ b: Double, relative: Double = 1e-10) -> Bool {
    abs(a - b) <= relative * Swift.max(abs(a), abs(b), Double.leastNormalMagnitude)
}

struct IncompleteBetaTests {
    // python3 -c "import scipy.special as sp; print(repr(sp.betainc(2.5,3.5,0.4)),
    //   repr(sp.betainc(0.5,0.5,0.999)), repr(sp.betainc(50,40,0.6)), repr(sp.betainc(1e5,5e5,0.1675)),
    //   repr(sp.betainc(3e5,2.0,0.999995)))"
    // -> 0.4869041915261176 0.9798649583666235 0.8011534179744884 0.9582310943340281 0.5578233085194835
    @Test func matchesScipyBetainc() {
        #expect(isClose(IncompleteBeta.regularized(0.4, a: 2.5, b: 3.5), 0.4869041915261176))
        #expect(isClose(IncompleteBeta.regularized(0.999, a: 0.5, b: 0.5), 0.9798649583666235))
        #expect(isClose(IncompleteBeta.regularized(0.6, a: 50, b: 40), 0.8011534179744884))
        #expect(isClose(IncompleteBeta.regularized(0.1675, a: 1e5, b: 5e5), 0.9582310943340281, relative: 1e-8))
        #expect(isClose(IncompleteBeta.regularized(0.999995, a: 3e5, b: 2), 0.5578233085194835, relative: 1e-8))
        #expect(IncompleteBeta.regularized(0, a: 2, b: 3) == 0)
        #expect(IncompleteBeta.regularized(1, a: 2, b: 3) == 1)
    }

    // python3 -c "import scipy.stats as st; print(repr(st.f.sf(3.2,2,27)), repr(st.f.sf(1.5,3,1996)),
    //   repr(st.f.sf(40.0,1,999998)), repr(st.f.sf(0.01,5,7)))"
    // -> 0.056602226408500815 0.2126419505651722 2.540694902858416e-10 0.9999545568150169
    @Test func fSurvivalMatchesScipy() {
        #expect(isClose(IncompleteBeta.fSurvival(3.2, d1: 2, d2: 27), 0.056602226408500815))
        #expect(isClose(IncompleteBeta.fSurvival(1.5, d1: 3, d2: 1996), 0.2126419505651722))
        #expect(isClose(IncompleteBeta.fSurvival(40, d1: 1, d2: 999_998), 2.540694902858416e-10, relative: 1e-7))
        #expect(isClose(IncompleteBeta.fSurvival(0.01, d1: 5, d2: 7), 0.9999545568150169))
    }

    // python3 -c "import scipy.stats as st; print(repr(st.norm.ppf(0.975)), repr(st.norm.ppf(1e-10)), repr(st.norm.ppf(0.3)))"
    // -> 1.959963984540054 -6.361340902404056 -0.5244005127080409
    @Test func normalQuantileMatchesScipy() {
        #expect(isClose(NormalDistribution.quantile(0.975), 1.959963984540054, relative: 1e-13))
        #expect(isClose(NormalDistribution.quantile(1e-10), -6.361340902404056, relative: 1e-13))
        #expect(isClose(NormalDistribution.quantile(0.3), -0.5244005127080409, relative: 1e-13))
    }
}

import Testing
@testable import SondeCore

struct ChiSquaredTests {
    // python3 -c "from scipy.stats import chi2; print(chi2.ppf(0.025, 2*5), chi2.ppf(0.975, 2*5+2), chi2.ppf(0.05, 2),
    //   chi2.ppf(0.95, 2), chi2.ppf(0.025, 2), chi2.ppf(0.975, 4), chi2.ppf(0.5, 1), chi2.ppf(0.001, 1),
    //   chi2.ppf(0.999, 200), chi2.ppf(0.025, 1), chi2.ppf(0.9, 7))"
    @Test func quantilesMatchScipy() {
        let cases: [(p: Double, k: Double, expected: Double)] = [
            (0.025, 10, 3.2469727802368413), (0.975, 12, 23.33666415864534), (0.05, 2, 0.10258658877510106),
            (0.95, 2, 5.991464547107979), (0.025, 2, 0.05063561596857975), (0.975, 4, 11.143286781877796),
            (0.5, 1, 0.454936423119572), (0.001, 1, 1.5707971492624921e-06), (0.999, 200, 267.5405278227572),
            (0.025, 1, 0.0009820691171752555), (0.9, 7, 12.017036623780532),
        ]
        for c in cases {
            let value = ChiSquared.quantile(c.p, degreesOfFreedom: c.k)
            #expect(isClose(value, c.expected, relative: 1e-9), "chi2.ppf(\(c.p), \(c.k)) = \(value), scipy \(c.expected)")
        }
    }

    // python3 -c "from scipy.special import gammainc; print(gammainc(0.5, 0.1), gammainc(1, 1), gammainc(5, 3),
    //   gammainc(5, 10), gammainc(100, 90), gammainc(0.3, 2))"
    @Test func regularizedGammaMatchesScipy() {
        let cases: [(a: Double, x: Double, expected: Double)] = [
            (0.5, 0.1, 0.34527915398142317), (1, 1, 0.6321205588285577), (5, 3, 0.18473675547622787),
            (5, 10, 0.9707473119230389), (100, 90, 0.15822098918643007), (0.3, 2, 0.977974019172853),
        ]
        for c in cases {
            #expect(isClose(ChiSquared.regularizedGammaP(c.a, c.x), c.expected, relative: 1e-12), "P(\(c.a), \(c.x))")
        }
    }

    @Test func quantileInvertsTheCDF() {
        for k in [1.0, 2, 3, 10, 57, 400] {
            for p in [1e-6, 0.01, 0.3, 0.5, 0.8, 0.999] {
                let x = ChiSquared.quantile(p, degreesOfFreedom: k)
                #expect(isClose(ChiSquared.cdf(x, degreesOfFreedom: k), p, relative: 1e-9), "k \(k) p \(p)")
            }
        }
    }
}

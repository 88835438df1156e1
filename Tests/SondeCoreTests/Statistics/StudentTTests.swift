import Testing
@testable import SondeCore

@Suite struct StudentTTests {
    /// python3 -c "from scipy.stats import t; print([t.cdf(x, nu) for nu, x in
    ///   [(9,3.25),(9,-1.2),(2,0.5),(29,2.0),(4,7.5)]])"   (scipy 1.17.1)
    @Test func cdfMatchesScipy() {
        let cases: [(Double, Double, Double)] = [
            (9, 3.25, 0.9950013154579892), (9, -1.2, 0.13038659869523075), (2, 0.5, 0.6666666666666666),
            (29, 2.0, 0.9725281814085164), (4, 7.5, 0.9991545642338389),
        ]
        for (nu, x, expected) in cases {
            #expect(abs(StudentT.cdf(x, degreesOfFreedom: nu) - expected) < 1e-12, "t(\(nu)) cdf at \(x)")
        }
        #expect(abs(StudentT.survival(3.25, degreesOfFreedom: 9) - (1 - 0.9950013154579892)) < 1e-12)
    }

    /// python3 -c "from scipy.stats import t; print([t.ppf(q, nu) for nu, q in
    ///   [(9,0.995),(9,0.9),(2,0.995),(29,0.975),(1,0.99)]])"
    @Test func quantileMatchesScipy() {
        let cases: [(Double, Double, Double)] = [
            (9, 0.995, 3.249835541592126), (9, 0.9, 1.3830287383966329), (2, 0.995, 9.924843200918287),
            (29, 0.975, 2.045229642132703), (1, 0.99, 31.820515953773935),
        ]
        for (nu, q, expected) in cases {
            #expect(abs(StudentT.quantile(q, degreesOfFreedom: nu) - expected) < 1e-9 * expected, "t(\(nu)) ppf \(q)")
            #expect(abs(StudentT.quantile(1 - q, degreesOfFreedom: nu) + expected) < 1e-9 * expected)
        }
    }
}

/// Student's t distribution with ν degrees of freedom, through the regularized incomplete beta
/// function (Abramowitz & Stegun 26.7.1, 26.5.27): for t ≥ 0, P(T > t) = ½·I_{ν/(ν+t²)}(ν/2, ½).
/// Quantiles invert the CDF by bisection (60 halvings of a bracket that doubles until it holds
/// the answer), ample for the handful of calls a gate makes; checked against `scipy.stats.t`.
public enum StudentT {
    /// P(T ≤ t) for T ~ t(ν), ν > 0.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(nu > 0, "Student's t needs ν > 0")
        if t.isNaN { return .nan }
        if t == .infinity { return 1 }
        if t == -.infinity { return 0 }
        let t2 = t * t
        let upperTail = 0.5 * IncompleteBeta.regularized(nu / (nu + t2), complement: t2 / (nu + t2), a: nu / 2, b: 0.5)
        return t >= 0 ? 1 - upperTail : upperTail
    }

    /// P(T > t): the one-sided p-value of an observed t.
    public static func survival(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        cdf(-t, degreesOfFreedom: nu)
    }

    /// The q-quantile of t(ν), 0 < q < 1.
    public static func quantile(_ q: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(q > 0 && q < 1, "a quantile needs 0 < q < 1")
        if q == 0.5 { return 0 }
        if q < 0.5 { return -quantile(1 - q, degreesOfFreedom: nu) }
        var low = 0.0, high = 1.0
        while cdf(high, degreesOfFreedom: nu) < q { low = high; high *= 2 }
        for _ in 0..<60 {
            let mid = (low + high) / 2
            if cdf(mid, degreesOfFreedom: nu) < q { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }
}

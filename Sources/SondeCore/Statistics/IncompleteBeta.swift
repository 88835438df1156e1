#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The regularized incomplete beta function Iₓ(a, b) and the F distribution built on it.
///
/// Evaluated by the continued fraction of Numerical Recipes (Press et al. 2007, §6.4,
/// `betacf`) with the modified Lentz method, using the symmetry Iₓ(a, b) = 1 − I₁₋ₓ(b, a) so
/// that the fraction is always evaluated where it converges fast.
public enum IncompleteBeta {
    /// Iₓ(a, b) for 0 ≤ x ≤ 1, a > 0, b > 0.
    public static func regularized(_ x: Double, a: Double, b: Double) -> Double {
        regularized(x, complement: 1 - x, a: a, b: b)
    }

    /// Iₓ(a, b) when 1 − x is known more precisely than `1 - x` would compute it.
    public static func regularized(_ x: Double, complement y: Double, a: Double, b: Double) -> Double {
        precondition(a > 0 && b > 0, "Incomplete beta needs a, b > 0")
        precondition(x >= 0 && x <= 1, "Incomplete beta needs 0 ≤ x ≤ 1")
        if x == 0 { return 0 }
        if y == 0 { return 1 }
        // Prefactor xᵃ yᵇ / (a B(a, b)) in logs.
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(y)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(y, a: b, b: a) / b
    }

    /// Survival function of the F distribution with (d1, d2) degrees of freedom:
    /// P(F > f) = I_{d2/(d2+d1 f)}(d2/2, d1/2).
    public static func fSurvival(_ f: Double, d1: Double, d2: Double) -> Double {
        guard f > 0 else { return 1 }
        guard f.isFinite else { return 0 }
        let den = d2 + d1 * f
        return regularized(d2 / den, complement: d1 * f / den, a: d2 / 2, b: d1 / 2)
    }

    /// The continued fraction of Iₓ(a, b) (Numerical Recipes `betacf`), modified Lentz.
    /// Convergence needs O(√max(a, b)) terms, so the cap grows with the parameters.
    static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let fpmin = Double.leastNormalMagnitude / Double.ulpOfOne
        let eps = Double.ulpOfOne
        let maxIterations = 200 + Int(20 * Swift.max(a, b).squareRoot())
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < fpmin { d = fpmin }
        d = 1 / d
        var h = d
        for m in 1...maxIterations {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < fpmin { d = fpmin }
            c = 1 + aa / c
            if abs(c) < fpmin { c = fpmin }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < fpmin { d = fpmin }
            c = 1 + aa / c
            if abs(c) < fpmin { c = fpmin }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) <= eps { break }
        }
        return h
    }
}

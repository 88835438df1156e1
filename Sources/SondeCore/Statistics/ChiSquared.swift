#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The regularized lower incomplete gamma function P(a, x) and the chi-squared distribution
/// built on it (χ²ₖ is Gamma(k/2, 2), so its CDF is P(k/2, x/2)).
///
/// P is evaluated as in Numerical Recipes (Press et al. 2007, §6.2, `gammp`): the series for
/// x < a + 1 and the Lentz continued fraction for Q = 1 − P otherwise. The inverse is NR's
/// `invgammp` (§6.2.1): the Abramowitz–Stegun 26.2.22/26.4.17 starting guess refined by
/// Halley's method, here iterated to a relative step of 1e-13.
public enum ChiSquared {
    /// P(a, x) = γ(a, x) / Γ(a) for a > 0, x ≥ 0.
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0 && x >= 0, "P(a, x) needs a > 0 and x ≥ 0")
        if x == 0 { return 0 }
        if x < a + 1 { return series(a, x) }
        return 1 - continuedFraction(a, x)
    }

    /// The CDF of χ² with `degreesOfFreedom` > 0 at `x`.
    public static func cdf(_ x: Double, degreesOfFreedom k: Double) -> Double {
        x <= 0 ? 0 : regularizedGammaP(k / 2, x / 2)
    }

    /// The `p` quantile (0 < p < 1) of χ² with `degreesOfFreedom` > 0, as scipy's `chi2.ppf`.
    public static func quantile(_ p: Double, degreesOfFreedom k: Double) -> Double {
        2 * inverseGammaP(p, a: k / 2)
    }

    /// The x with P(a, x) = p.
    public static func inverseGammaP(_ p: Double, a: Double) -> Double {
        precondition(a > 0, "inverse P(a, x) needs a > 0")
        precondition(p > 0 && p < 1, "inverse P(a, x) needs 0 < p < 1")
        let logGammaA: Double = lgamma(a)
        let a1 = a - 1
        let logA1 = a > 1 ? log(a1) : 0
        let factor = a > 1 ? exp(a1 * (logA1 - 1) - logGammaA) : 0
        var x: Double
        if a > 1 {
            // Wilson–Hilferty from a normal quantile approximation (A&S 26.2.22).
            let tail = p < 0.5 ? p : 1 - p
            let t = (-2 * log(tail)).squareRoot()
            var z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t
            if p < 0.5 { z = -z }
            x = max(1e-3, a * pow(1 - 1 / (9 * a) - z / (3 * a.squareRoot()), 3))
        } else {
            let t = 1 - a * (0.253 + a * 0.12)
            x = p < t ? pow(p / t, 1 / a) : 1 - log(1 - (p - t) / (1 - t))
        }
        for _ in 0..<100 {
            if x <= 0 { return 0 }
            let error = regularizedGammaP(a, x) - p
            // The density of Gamma(a, 1) at x, computed in logs.
            let density = a > 1 ? factor * exp(-(x - a1) + a1 * (log(x) - logA1)) : exp(-x + a1 * log(x) - logGammaA)
            let u = error / density
            let step = u / (1 - 0.5 * min(1, u * (a1 / x - 1)))
            x -= step
            if x <= 0 { x = 0.5 * (x + step) }
            if abs(step) < 1e-13 * x { break }
        }
        return x
    }

    private static func series(_ a: Double, _ x: Double) -> Double {
        var term = 1 / a
        var sum = term
        var n = a
        for _ in 0..<10_000 {
            n += 1
            term *= x / n
            sum += term
            if abs(term) < abs(sum) * 1e-16 { break }
        }
        return sum * exp(-x + a * log(x) - lgamma(a))
    }

    /// Q(a, x) by the modified Lentz method.
    private static func continuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(-x + a * log(x) - lgamma(a)) * h
    }
}

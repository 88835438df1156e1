/// Wilson (1927) score bounds of a binomial proportion: the ends of
/// (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n). Unlike p̂ ± z·SE they stay in [0, 1]
/// and are informative at 0 failures, where error rates of healthy services usually sit.
public enum WilsonScore {
    /// The one-sided upper bound at `level` (z = Φ⁻¹(1 − level)): the true proportion
    /// exceeds it with probability about `level`. 1 when there are no attempts.
    public static func upperBound(successes x: Int, trials n: Int, level: Double) -> Double {
        bounds(x, n, level).upper
    }

    /// The one-sided lower bound at `level`. 0 when there are no attempts.
    public static func lowerBound(successes x: Int, trials n: Int, level: Double) -> Double {
        bounds(x, n, level).lower
    }

    static func bounds(_ x: Int, _ n: Int, _ level: Double) -> (lower: Double, upper: Double) {
        precondition(x >= 0 && x <= n, "Need 0 ≤ successes ≤ trials")
        precondition(level > 0 && level < 0.5, "One-sided level must lie in (0, 0.5)")
        guard n > 0 else { return (0, 1) }
        let z = NormalDistribution.quantile(1 - level)
        let nd = Double(n), p = Double(x) / nd, z2 = z * z
        let centre = p + z2 / (2 * nd)
        let half = z * (p * (1 - p) / nd + z2 / (4 * nd * nd)).squareRoot()
        let den = 1 + z2 / nd
        return (Swift.max(0, (centre - half) / den), Swift.min(1, (centre + half) / den))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension GateStatistics {
    /// Failure proportion, failures/attempts each side. The p-values are Fisher's (1935) exact
    /// conditional test: given the total failures, the candidate's count is hypergeometric
    /// under equal rates, so pIncrease = P(X ≥ observed), pDecrease = P(X ≤ observed); exact at
    /// the handful of failures a healthy run has, and conservative. The interval of the rate
    /// ratio is Katz et al. (1978) on the log scale, with 0.5 added to every count when one is 0.
    /// Ratio 1 when neither side failed, +∞ when only the candidate did.
    ///
    /// For an absolute limit (`error_rate: {max: 1%}`) the caller also needs a bound on the
    /// candidate's rate: `proportionLowerBound` for "significantly above the limit",
    /// `proportionUpperBound` for "not shown to be below it".
    public static func proportionChange(baselineFailures: Int, baselineAttempts: Int, candidateFailures: Int,
                                        candidateAttempts: Int, level: Double) -> MetricChange {
        precondition(baselineAttempts > 0 && candidateAttempts > 0, "Need attempts on both sides")
        precondition((0...baselineAttempts).contains(baselineFailures)
                     && (0...candidateAttempts).contains(candidateFailures), "Need 0 ≤ failures ≤ attempts")
        precondition(level > 0 && level < 0.5, "One-sided level must lie in (0, 0.5)")
        let (xb, nb, xc, nc) = (Double(baselineFailures), Double(baselineAttempts),
                                Double(candidateFailures), Double(candidateAttempts))
        let rb = xb / nb, rc = xc / nc
        let point = rb == 0 ? (rc == 0 ? 1 : .infinity) : rc / rb
        let half = baselineFailures == 0 || candidateFailures == 0 ? 0.5 : 0
        let (ab, ac) = (xb + half, xc + half)
        let (mb, mc) = (nb + half, nc + half)
        let logRatio = log((ac / mc) / (ab / mb))
        let se = (1 / ac - 1 / mc + 1 / ab - 1 / mb).squareRoot()
        let q = NormalDistribution.quantile(1 - level)
        let tails = fisherTails(x: candidateFailures, draws: candidateAttempts,
                                failures: baselineFailures + candidateFailures,
                                total: baselineAttempts + candidateAttempts)
        return MetricChange(baseline: rb, candidate: rc,
                            ratio: RatioEstimate(point: point, lower: exp(logRatio - q * se), upper: exp(logRatio + q * se)),
                            pIncrease: tails.upper, pDecrease: tails.lower,
                            method: "failure proportion, Fisher exact one-sided, Katz log interval")
    }

    /// Upper confidence bound of a proportion (Wilson score, one-sided at `level`), for
    /// absolute limits like `error_rate: {max: 1%}`.
    public static func proportionUpperBound(failures: Int, attempts: Int, level: Double) -> Double {
        WilsonScore.upperBound(successes: failures, trials: attempts, level: level)
    }

    /// Lower confidence bound of a proportion (Wilson score, one-sided at `level`): above an
    /// absolute limit means the rate is significantly above it.
    public static func proportionLowerBound(failures: Int, attempts: Int, level: Double) -> Double {
        WilsonScore.lowerBound(successes: failures, trials: attempts, level: level)
    }

    /// P(X ≤ x) and P(X ≥ x) for X hypergeometric: `draws` taken from `total` of which
    /// `failures` are failures.
    static func fisherTails(x: Int, draws: Int, failures: Int, total: Int) -> (lower: Double, upper: Double) {
        let lo = Swift.max(0, draws - (total - failures)), hi = Swift.min(failures, draws)
        func logChoose(_ n: Int, _ k: Int) -> Double {
            lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
        }
        let logDen = logChoose(total, draws)
        func pmf(_ k: Int) -> Double {
            exp(logChoose(failures, k) + logChoose(total - failures, draws - k) - logDen)
        }
        var lower = 0.0, upper = 0.0
        for k in lo...hi {
            let v = pmf(k)
            if k <= x { lower += v }
            if k >= x { upper += v }
        }
        return (Swift.min(1, lower), Swift.min(1, upper))
    }
}

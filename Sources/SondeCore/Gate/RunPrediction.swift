#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A candidate run's statistic against the same statistic of n baseline runs, with runs as the
/// unit: the multi-run gate's comparison (docs/statistics.md, "Multi-run baselines").
///
/// Method: a prediction interval for one new observation (Hahn & Meeker 1991, §4.7; Geisser
/// 1993, ch. 2) on the log scale. With yᵢ = log θᵢ of the baseline runs (mean ȳ, sd s, n − 1) and
/// y_c = log θ_c of the candidate, an unchanged service makes the candidate one more draw of the
/// runs' law, so t = (y_c − ȳ) / (s·√(1 + 1/n)) follows Student's t with n − 1 degrees of freedom
/// when log θ is normal across runs. s is the *between-run* spread: it holds each run's own
/// sampling noise plus whatever moves whole runs (slow periods minutes apart, time of day), which
/// a comparison of pooled samples would read as a change. A true change Δ = log(1 + change) of the
/// candidate shifts y_c by Δ, so exp(y_c − ȳ ± t₁₋ₗ·s·√(1 + 1/n)) is a (1 − 2·level) interval of
/// 1 + change, and pIncrease = P(T ≥ t), pDecrease = P(T ≤ t).
///
/// Why not a rank among runs or a hierarchical bootstrap: with n runs the candidate's rank can
/// only reach p = 1/(n + 1) (0.09 at n = 10, far above the 0.005 level), and a bootstrap that
/// resamples runs and then samples within them is bounded the same way for one new run. A
/// parametric interval is the one way to a small level from ten runs; its cost is the normal
/// model of log θ across runs, whose error the slow-episode simulation measures.
public enum RunPrediction {
    /// Fewest baseline runs compared (two degrees of freedom for the t).
    public static let minimumRuns = 3

    /// The change of `candidate` against the baseline runs' `baseline` values (all > 0) at
    /// one-sided `level`; `nil` with fewer than `minimumRuns` positive baseline values or a
    /// non-positive candidate.
    public static func change(baseline: [Double], candidate: Double, level: Double, name: String) -> MetricChange? {
        precondition(level > 0 && level < 0.5, "One-sided level must lie in (0, 0.5)")
        let logs = baseline.filter { $0 > 0 && $0.isFinite }.map { log($0) }
        guard logs.count >= minimumRuns, candidate > 0, candidate.isFinite else { return nil }
        let n = Double(logs.count)
        let mean = logs.reduce(0, +) / n
        let sd = (logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let d = log(candidate) - mean
        let se = sd * (1 + 1 / n).squareRoot()
        let nu = n - 1
        let pIncrease: Double, pDecrease: Double
        if se > 0 {
            let t = d / se
            pIncrease = StudentT.survival(t, degreesOfFreedom: nu)
            pDecrease = StudentT.cdf(t, degreesOfFreedom: nu)
        } else {
            // Identical baseline runs: any difference at all is beyond their spread.
            pIncrease = d > 0 ? 0 : 1
            pDecrease = d < 0 ? 0 : 1
        }
        let q = StudentT.quantile(1 - level, degreesOfFreedom: nu)
        let method = "\(name) per run, candidate against \(logs.count) baseline runs; log-scale prediction interval "
            + "(t, \(logs.count - 1) df; between-run sd \(Format.fixed(sd * 100, 1))%)"
        return MetricChange(baseline: exp(mean), candidate: candidate,
                            ratio: RatioEstimate(point: exp(d), lower: exp(d - q * se), upper: exp(d + q * se)),
                            pIncrease: pIncrease, pDecrease: pDecrease, method: method)
    }
}

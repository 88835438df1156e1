#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The bias-corrected and accelerated (BCa) bootstrap interval (Efron 1987; Efron & Tibshirani
/// 1993, §14.3 and eq. 15.36 for several samples), computed as `scipy.stats.bootstrap(method='BCa')`
/// computes it, so that on the same replicates z₀, a and the ends agree with scipy to rounding
/// (`Tests/SondeCoreTests/Statistics/BCaIntervalTests.swift`, `scripts/stats/bca-variance-ratio.py`).
///
/// - z₀ = Φ⁻¹(share of replicates below the estimate, ties counted half);
/// - a from the jackknife of each sample j in turn (the others held whole):
///   U_ji = (n_j − 1)(θ̄_j· − θ_(i)), a = Σ_j Σ_i U_ji³/n_j³ / (6 (Σ_j Σ_i U_ji²/n_j²)^{3/2});
/// - ends: type-7 quantiles of the replicates at Φ(z₀ + (z₀ + z_α)/(1 − a(z₀ + z_α))) for
///   z_α = Φ⁻¹(α), Φ⁻¹(1 − α), α = (1 − confidence)/2.
///
/// Its ends are replicates, so a single extreme value cannot push them past what resampling it
/// repeatedly produces; `SpreadComparison` uses it when the studentized pivot is unstable.
public struct BCaInterval: Sendable, Equatable {
    /// The bias correction z₀.
    public var biasCorrection: Double
    /// The acceleration a.
    public var acceleration: Double
    /// The replicates' quantile levels of the lower and upper end (α₁, α₂).
    public var levels: (lower: Double, upper: Double)
    /// The interval's ends.
    public var lower: Double
    public var upper: Double

    public static func == (l: BCaInterval, r: BCaInterval) -> Bool {
        l.biasCorrection == r.biasCorrection && l.acceleration == r.acceleration && l.levels == r.levels
            && l.lower == r.lower && l.upper == r.upper
    }

    /// The interval from bootstrap `replicates` of a statistic whose value on the data is
    /// `estimate`, with `acceleration` from `acceleration(jackknife:)`. Nil when z₀ is infinite
    /// (every replicate on one side of the estimate) or the adjusted levels leave (0, 1): the
    /// replicates then say nothing about one end. NaN replicates (0/0) are left out.
    public init?(replicates: [Double], estimate: Double, acceleration: Double, confidence: Double) {
        precondition(confidence > 0 && confidence < 1, "Confidence must lie in (0, 1)")
        let kept = replicates.filter { !$0.isNaN }.sorted()
        let z0 = Self.biasCorrection(replicates: kept, estimate: estimate)
        guard z0.isFinite, acceleration.isFinite else { return nil }
        func adjusted(_ tail: Double) -> Double {
            let z = z0 + NormalDistribution.quantile(tail)
            return NormalDistribution.cdf(z0 + z / (1 - acceleration * z))
        }
        let alpha = (1 - confidence) / 2
        let (lo, hi) = (adjusted(alpha), adjusted(1 - alpha))
        guard lo > 0, hi < 1, lo < hi else { return nil }
        biasCorrection = z0
        self.acceleration = acceleration
        levels = (lo, hi)
        lower = Quantile.ofSorted(kept, lo)
        upper = Quantile.ofSorted(kept, hi)
    }

    /// z₀ = Φ⁻¹((#{θ* < θ̂} + #{θ* ≤ θ̂}) / 2B), scipy's `_percentile_of_score`; ±∞ when every
    /// replicate lies on one side.
    public static func biasCorrection(replicates: [Double], estimate: Double) -> Double {
        var twice = 0
        var count = 0
        for r in replicates where !r.isNaN {
            count += 1
            if r < estimate { twice += 2 } else if r == estimate { twice += 1 }
        }
        guard count > 0 else { return .nan }
        let share = Double(twice) / Double(2 * count)
        if share <= 0 { return -.infinity }
        if share >= 1 { return .infinity }
        return NormalDistribution.quantile(share)
    }

    /// The jackknife acceleration from leave-one-out values of the statistic, one array per
    /// sample (element i: the statistic with value i of that sample left out and the other
    /// samples whole). 0 when the jackknife values do not vary.
    public static func acceleration(jackknife: [[Double]]) -> Double {
        var numerator = 0.0, denominator = 0.0
        for values in jackknife where !values.isEmpty {
            let n = Double(values.count)
            let mean = values.reduce(0, +) / n
            var cubes = 0.0, squares = 0.0
            for v in values {
                let u = (n - 1) * (mean - v)
                squares += u * u
                cubes += u * u * u
            }
            numerator += cubes / (n * n * n)
            denominator += squares / (n * n)
        }
        guard denominator > 0 else { return 0 }
        return numerator / (6 * pow(denominator, 1.5))
    }

    /// Leave-one-out sample variances (n − 1 divisor) of `values`, in O(n): without x_i the sum
    /// of squared deviations is SS − n/(n − 1)·(x_i − x̄)², an exact identity that avoids
    /// recomputing (and the cancellation of raw sums of squares).
    ///
    /// - Precondition: at least three values.
    public static func leaveOneOutVariances(_ values: [Double]) -> [Double] {
        precondition(values.count >= 3, "Leave-one-out variances need three values")
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return values.map { x in Swift.max(0, ss - n / (n - 1) * (x - mean) * (x - mean)) / (n - 2) }
    }

    /// The jackknife acceleration of the ratio of sample variances candidate / baseline (both
    /// n − 1), as scipy's jackknife of `var(c, ddof=1) / var(b, ddof=1)` over the two samples.
    public static func varianceRatioAcceleration(candidate: [Double], baseline: [Double]) -> Double {
        guard candidate.count >= 3, baseline.count >= 3 else { return 0 }
        let vc = variance(candidate), vb = variance(baseline)
        guard vb > 0 else { return 0 }
        let candidateOut = leaveOneOutVariances(candidate).map { $0 / vb }
        let baselineOut = leaveOneOutVariances(baseline).map { vc / $0 }
        return acceleration(jackknife: [candidateOut, baselineOut])
    }

    /// The sample variance (n − 1), by the two-pass formula.
    static func variance(_ values: [Double]) -> Double {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    }
}

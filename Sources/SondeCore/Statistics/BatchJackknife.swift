#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The grouped ("batch") jackknife of a statistic of serially dependent series, for a standard
/// error that does not lean on an estimated block length: each series is cut into a fixed
/// number `b` of consecutive batches, the statistic is recomputed with each batch left out,
/// and the jackknife variance (b − 1)/b · Σ(θ₍ⱼ₎ − θ̄)² is read with Student's t on b − 1
/// degrees of freedom.
///
/// Why a fixed number of batches: the moving-block bootstrap's variance is biased low by about
/// Σ|k|γ(k) / (l Σγ(k)) for blocks of l, which for slow episodes of mean length 20 and a
/// Politis–White length near 45 is a third of the variance, and a window with few episodes
/// also looks less dependent and so gets shorter blocks. With b fixed the batches are long
/// (n/b), their bias is small, and the variance estimate's own noise is carried by the t
/// quantile instead of being ignored: the fixed-b view of batch means (Schmeiser 1982,
/// "Batch size effects in the analysis of simulation output", Oper. Res. 30(3), who
/// recommends 10 to 30 batches; Kiefer, Vogelsang & Bunzel 2000). Leaving out a whole batch
/// of n/b values is a delete-d jackknife with d ≫ √n, which is consistent for sample quantiles
/// where the delete-1 jackknife is not (Shao & Wu 1989, Ann. Statist. 17(3)).
///
/// Pooled groups (several providers) are batched within each group and batch j of the pool is
/// the union of every group's batch j, so leaving a batch out keeps each provider's share.
public enum BatchJackknife {
    /// A statistic of sorted values: `sorted` ascending, non-empty.
    public typealias Statistic = (_ sorted: [Double]) -> Double

    /// Jackknife standard error of log(statistic) over `batches` batches, with its degrees of
    /// freedom (batches − 1); nil when a group is shorter than `batches`, or a leave-out
    /// value is not positive and finite.
    public static func logStandardError(
        groups: [[Double]], batches b: Int, statistic: Statistic
    ) -> (se: Double, degreesOfFreedom: Double)? {
        guard let leaveOut = leaveOutLogs(groups: groups, batches: b, statistic: statistic) else { return nil }
        return (standardError(leaveOut), Double(b - 1))
    }

    /// log(statistic) with each of `batches` consecutive batches left out in turn (element j:
    /// batch j of every group left out); nil when a group is shorter than `batches`, or a
    /// leave-out value is not positive and finite.
    public static func leaveOutLogs(groups: [[Double]], batches b: Int, statistic: Statistic) -> [Double]? {
        precondition(b >= 2, "The batch jackknife needs two batches")
        let live = groups.filter { !$0.isEmpty }
        guard !live.isEmpty, live.allSatisfy({ $0.count >= b }) else { return nil }
        // Batch of each value, then the values sorted with their batch so that a leave-out
        // sample is one filtered pass over the sorted pool.
        var pairs: [(value: Double, batch: Int)] = []
        pairs.reserveCapacity(live.reduce(0) { $0 + $1.count })
        for g in live {
            let n = g.count
            for (t, v) in g.enumerated() { pairs.append((v, t * b / n)) }
        }
        pairs.sort { $0.value < $1.value }
        var leaveOut = [Double](repeating: 0, count: b)
        var kept: [Double] = []
        kept.reserveCapacity(pairs.count)
        for j in 0..<b {
            kept.removeAll(keepingCapacity: true)
            for p in pairs where p.batch != j { kept.append(p.value) }
            let theta = statistic(kept)
            guard theta.isFinite, theta > 0 else { return nil }
            leaveOut[j] = log(theta)
        }
        return leaveOut
    }

    /// The jackknife standard error √((b − 1)/b · Σ(θ₍ⱼ₎ − θ̄)²) of b leave-out values.
    static func standardError(_ leaveOut: [Double]) -> Double {
        let b = Double(leaveOut.count)
        let mean = leaveOut.reduce(0, +) / b
        let ss = leaveOut.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return ((b - 1) / b * ss).squareRoot()
    }

    /// The interval exp(T ± t·SE) of the ratio candidate/baseline of `statistic`, T the log of
    /// the observed ratio, SE² the sum of both sides' jackknife variances and t Student's
    /// quantile on the Welch–Satterthwaite degrees of freedom (Satterthwaite 1946) of that sum.
    /// With `accelerated`, the end on the side the jackknife values are skewed toward is moved
    /// out as the BCa interval moves it (`acceleratedEnds`). nil when either side's jackknife is
    /// (see `leaveOutLogs`) or the SE is 0.
    public static func ratioInterval(
        baseline: [Double], candidateGroups: [[Double]], batches: Int, confidence: Double, statistic: Statistic,
        accelerated: Bool = false
    ) -> RatioEstimate? {
        let base = baseline.sorted(), cand = candidateGroups.flatMap { $0 }.sorted()
        guard !base.isEmpty, !cand.isEmpty else { return nil }
        let thetaB = statistic(base), thetaC = statistic(cand)
        let point = thetaC / thetaB
        guard point.isFinite, point > 0,
              let lb = leaveOutLogs(groups: [baseline], batches: batches, statistic: statistic),
              let lc = leaveOutLogs(groups: candidateGroups, batches: batches, statistic: statistic) else { return nil }
        let sb = standardError(lb), sc = standardError(lc)
        let vb = sb * sb, vc = sc * sc
        let v = vb + vc
        guard v > 0 else { return nil }
        let dfSide = Double(batches - 1)
        let df = v * v / (vb * vb / dfSide + vc * vc / dfSide)
        let t = StudentT.quantile((1 + confidence) / 2, degreesOfFreedom: df)
        var (down, up) = (t, t)
        if accelerated {
            // The log ratio with a batch of one side left out: candidate batches move log θ_c,
            // baseline batches move −log θ_b.
            let a = BCaInterval.acceleration(jackknife: [lc.map { $0 - log(thetaB) }, lb.map { log(thetaC) - $0 }])
            (down, up) = acceleratedEnds(t, acceleration: a)
        }
        let se = v.squareRoot()
        return RatioEstimate(point: point, lower: point * exp(-down * se), upper: point * exp(up * se))
    }

    /// Largest factor by which `acceleratedEnds` moves an end out: the acceleration of ten
    /// leave-out values is itself noisy, and as a·t nears 1 the BCa end runs to infinity.
    public static let maximumAccelerationFactor = 2.0

    /// The distances, in standard errors, of the lower and upper ends from the estimate: the
    /// BCa interval of a normal (here Student) law of the log ratio (Efron 1987, JASA 82(397),
    /// with z₀ = 0: the end at ±t lies at ±t/(1 ∓ a·t) standard errors), keeping the plain t
    /// end on the other side (never shorter than ±t) and moving an end out by at most
    /// `maximumAccelerationFactor`.
    ///
    /// Why: a statistic whose standard error grows with its value (the spread of a window that
    /// holds few slow episodes is low and looks precise) has jackknife values skewed toward
    /// the larger side, and the acceleration a (the skewness of the jackknife values over 6)
    /// is how BCa turns that into a longer end there.
    public static func acceleratedEnds(_ t: Double, acceleration a: Double) -> (lower: Double, upper: Double) {
        func factor(_ d: Double) -> Double { d <= 1 / maximumAccelerationFactor ? maximumAccelerationFactor : Swift.max(1, 1 / d) }
        guard a.isFinite else { return (t, t) }
        return (t * factor(1 + a * t), t * factor(1 - a * t))
    }

    /// Interquartile range (type 7) of sorted values.
    public static func iqr(_ sorted: [Double]) -> Double {
        Quantile.ofSorted(sorted, 0.75) - Quantile.ofSorted(sorted, 0.25)
    }

    /// Unscaled median absolute deviation (type-7 medians) of sorted values.
    public static func mad(_ sorted: [Double]) -> Double {
        Descriptive.medianAbsoluteDeviation(sorted: sorted, median: Quantile.ofSorted(sorted, 0.5))
    }

    /// Sample variance (n − 1 divisor, two passes) of sorted values; 0 for one value.
    public static func variance(_ sorted: [Double]) -> Double {
        guard sorted.count > 1 else { return 0 }
        let n = Double(sorted.count)
        let mean = sorted.reduce(0, +) / n
        return sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    }

    /// Arithmetic mean of sorted values.
    public static func mean(_ sorted: [Double]) -> Double {
        sorted.reduce(0, +) / Double(sorted.count)
    }
}

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
        let mean = leaveOut.reduce(0, +) / Double(b)
        let ss = leaveOut.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return ((Double(b - 1) / Double(b) * ss).squareRoot(), Double(b - 1))
    }

    /// The interval exp(T ± t·SE) of the ratio candidate/baseline of `statistic`, T the log of
    /// the observed ratio, SE² the sum of both sides' jackknife variances and t Student's
    /// quantile on the Welch–Satterthwaite degrees of freedom (Satterthwaite 1946) of that sum.
    /// nil when either side's jackknife is (see `logStandardError`) or the SE is 0.
    public static func ratioInterval(
        baseline: [Double], candidateGroups: [[Double]], batches: Int, confidence: Double, statistic: Statistic
    ) -> RatioEstimate? {
        let base = baseline.sorted(), cand = candidateGroups.flatMap { $0 }.sorted()
        guard !base.isEmpty, !cand.isEmpty else { return nil }
        let point = statistic(cand) / statistic(base)
        guard point.isFinite, point > 0,
              let b = logStandardError(groups: [baseline], batches: batches, statistic: statistic),
              let c = logStandardError(groups: candidateGroups, batches: batches, statistic: statistic) else { return nil }
        let vb = b.se * b.se, vc = c.se * c.se
        let v = vb + vc
        guard v > 0 else { return nil }
        let df = v * v / (vb * vb / b.degreesOfFreedom + vc * vc / c.degreesOfFreedom)
        let t = StudentT.quantile((1 + confidence) / 2, degreesOfFreedom: df)
        let half = t * v.squareRoot()
        return RatioEstimate(point: point, lower: point * exp(-half), upper: point * exp(half))
    }

    /// Interquartile range (type 7) of sorted values.
    public static func iqr(_ sorted: [Double]) -> Double {
        Quantile.ofSorted(sorted, 0.75) - Quantile.ofSorted(sorted, 0.25)
    }

    /// Unscaled median absolute deviation (type-7 medians) of sorted values.
    public static func mad(_ sorted: [Double]) -> Double {
        Descriptive.medianAbsoluteDeviation(sorted: sorted, median: Quantile.ofSorted(sorted, 0.5))
    }

    /// Arithmetic mean of sorted values.
    public static func mean(_ sorted: [Double]) -> Double {
        sorted.reduce(0, +) / Double(sorted.count)
    }
}

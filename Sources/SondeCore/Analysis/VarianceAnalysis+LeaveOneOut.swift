#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether one provider carries a pooled group's variance ratio: the pooled ratio recomputed
/// with each member left out in turn (a leave-one-out, or jackknife-of-groups, influence check;
/// Efron & Tibshirani 1993, ch. 11), the others aligned on their medians exactly as the pooled
/// comparison aligns them.
///
/// A member *drives* the ratio when leaving it out moves the figure both beyond the pooled
/// ratio's own confidence interval (more than the data's uncertainty about it) and by more than
/// a factor of `drivingFactor` (2: the figure would at least halve or double, a difference a
/// reader acts on, where ordinary differences between providers, e.g. 3.4x, 4.6x and 6.2x
/// pooling to 4.8x, move it by a fifth). The headline then says so ("63x …, driven by depin-tail
/// (3.9x without it)"). Of several such members the one that moves it most (log scale) is named.
public struct PooledLeaveOneOut: Sendable, Codable, Equatable {
    /// One member left out.
    public struct Member: Sendable, Codable, Equatable {
        /// The provider left out.
        public var provider: String
        /// The pooled variance ratio of the other members (point estimate).
        public var ratioWithout: Double
    }

    /// The comparison's name, e.g. "DePIN (pooled within-provider)".
    public var subject: String
    /// The pooled variance ratio with every member, with its interval.
    public var ratio: RatioEstimate
    /// Each member left out, in the comparison's member order.
    public var members: [Member]
    /// The member that drives the ratio, when one does.
    public var driver: Member?

    /// How far (as a factor) leaving one member out must move the ratio for it to drive it.
    public static let drivingFactor = 2.0

    /// The leave-one-out ratios of `groups` (one series per member, named by `providers`) against
    /// `baselineVariance`; `ratio` is the pooled comparison's variance ratio. With `align`, each
    /// member is shifted onto its own median first (variance does not depend on the common centre).
    /// Nil with fewer than two members.
    public init?(subject: String, providers: [String], groups: [[Double]], baselineVariance: Double,
                 ratio: RatioEstimate, align: Bool) {
        guard providers.count == groups.count, groups.count >= 2, baselineVariance > 0 else { return nil }
        // Each value centred as `x − median` where it is read, the others' values summed in their
        // order: the sums of a centred, concatenated copy without making it (issue 17: 24 MB of
        // copies and 16 MB of concatenation for three DePIN providers of a million values).
        let medians = groups.map { g in align && !g.isEmpty ? Quantile.of(g, 0.5) : 0 }
        self.subject = subject
        self.ratio = ratio
        members = providers.indices.compactMap { left in
            let rest = groups.indices.filter { $0 != left }
            let count = rest.reduce(0) { $0 + groups[$1].count }
            guard count >= 2 else { return nil }
            let n = Double(count)
            var sum = 0.0
            for g in rest {
                let median = medians[g]
                if align { for x in groups[g] { sum += x - median } } else { for x in groups[g] { sum += x } }
            }
            let mean = sum / n
            var squares = 0.0
            for g in rest {
                let median = medians[g]
                if align {
                    for x in groups[g] {
                        let c = x - median
                        squares += (c - mean) * (c - mean)
                    }
                } else {
                    for x in groups[g] { squares += (x - mean) * (x - mean) }
                }
            }
            return Member(provider: providers[left], ratioWithout: squares / (n - 1) / baselineVariance)
        }
        let outside = members.filter {
            !ratio.contains($0.ratioWithout) && $0.ratioWithout > 0 && ratio.point > 0
                && abs(log($0.ratioWithout / ratio.point)) > log(Self.drivingFactor)
        }
        driver = outside.max { abs(log($0.ratioWithout / ratio.point)) < abs(log($1.ratioWithout / ratio.point)) }
    }
}

extension VarianceAnalysis {
    /// The leave-one-out check of the headline's pooled DePIN comparison (`PooledLeaveOneOut`),
    /// when it pools at least two providers.
    static func headlineLeaveOneOut(_ depin: [Series], baseline: Series, comparisons: [Comparison]) -> PooledLeaveOneOut? {
        guard depin.count >= 2, let pooled = comparisons.first(where: { $0.subject == .depinPooled }) else { return nil }
        let n = Double(baseline.totals.count)
        let mean = baseline.totals.reduce(0, +) / n
        let variance = baseline.totals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return PooledLeaveOneOut(subject: pooled.name, providers: depin.map(\.provider.name), groups: depin.map(\.totals),
                                 baselineVariance: variance, ratio: pooled.spread.varianceRatio, align: true)
    }
}

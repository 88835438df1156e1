#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The shift between two samples: the Hodges–Lehmann estimator (Hodges & Lehmann 1963), the
/// median of all differences yⱼ − xᵢ, with its distribution-free interval from the Mann–Whitney
/// distribution (Moses 1965; Hollander, Wolfe & Chicken 2014, §4.3): the k-th smallest and k-th
/// largest differences, k = ⌊mn/2 − z₍₁₊c₎/₂·√(mn(m+n+1)/12)⌋ (the large-sample critical value,
/// at least 1).
public struct ShiftEstimate: Sendable, Equatable, Codable {
    /// Median of the pairwise differences after − before.
    public var point: Double
    public var lower: Double
    public var upper: Double
    public var confidence: Double

    /// The shift of `after` against `before` at `confidence`.
    ///
    /// - Precondition: both samples non-empty.
    public init(before: [Double], after: [Double], confidence: Double) {
        precondition(!before.isEmpty && !after.isEmpty, "a shift needs two non-empty samples")
        var differences: [Double] = []
        differences.reserveCapacity(before.count * after.count)
        for y in after { for x in before { differences.append(y - x) } }
        let m = Double(before.count), n = Double(after.count), count = differences.count
        let z = NormalDistribution.quantile((1 + confidence) / 2)
        let k = Swift.max(1, Int((m * n / 2 - z * (m * n * (m + n + 1) / 12).squareRoot()).rounded(.down)))
        let rank = Swift.min(k, (count + 1) / 2)
        // Three order statistics of m·n differences (1.8 million for a month's change): selected,
        // not sorted; the values are those of the sorted differences.
        let (lo, weight) = Quantile.position(count: count, 0.5)
        let picked = OrderStatistics.select(&differences, ranks: [lo, Swift.min(lo + 1, count - 1), rank - 1, count - rank])
        self.point = Quantile.interpolate(picked[0], picked[1], weight)
        self.lower = picked[2]
        self.upper = picked[3]
        self.confidence = confidence
    }
}

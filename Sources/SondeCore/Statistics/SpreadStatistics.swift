/// The spread measures sonde compares between providers, for one sample: variance (n − 1),
/// interquartile range and unscaled MAD (type-7 quantiles), and the tail spread p99/p50.
public struct SpreadStatistics: Sendable, Codable, Equatable {
    /// Sample variance with the n − 1 denominator (0 for one value).
    public var variance: Double
    /// p75 − p25.
    public var iqr: Double
    /// Unscaled median absolute deviation from the median.
    public var mad: Double
    /// p99 / p50: how far the tail reaches relative to the typical value.
    public var tailSpread: Double

    /// The spread measures of `values`; nil when empty.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        var resampler = CountResampler(groups: [values])
        resampler.setObserved()
        self = SpreadStatistics(resampler)
    }

    init(variance: Double, iqr: Double, mad: Double, tailSpread: Double) {
        self.variance = variance
        self.iqr = iqr
        self.mad = mad
        self.tailSpread = tailSpread
    }

    /// The statistics of the resample that `resampler.counts` currently describes.
    init(_ resampler: CountResampler) {
        var blocks = [Int32](repeating: 0, count: SpreadStatistics.blockPrefixCount(resampler.count))
        self.init(resampler, blockPrefix: &blocks)
    }

    /// Entries of the block prefix scratch for `n` values: one per block plus the total.
    static func blockPrefixCount(_ n: Int) -> Int { (n + block - 1) / block + 1 }

    /// As `init(_:)`, with a caller-owned scratch of `blockPrefixCount(count)` entries.
    init(_ resampler: CountResampler, blockPrefix: inout [Int32]) {
        self = SpreadStatistics.scan(resampler, blockPrefix: &blockPrefix).statistics
    }

    /// The statistics of the current resample with the moments the studentized variance
    /// interval needs.
    static func scan(_ resampler: CountResampler, blockPrefix: inout [Int32]) -> ScanResult {
        resampler.sorted.withUnsafeBufferPointer { x in
            resampler.counts.withUnsafeBufferPointer { c in
                blockPrefix.withUnsafeMutableBufferPointer { p in
                    SpreadStatistics.scan(sorted: x, counts: c, blockPrefix: p)
                }
            }
        }
    }

    /// A resample's statistics, its mean, and Σ(x − mean)⁴ over its values.
    struct ScanResult {
        var statistics: SpreadStatistics
        var mean: Double
        var fourthCentralSum: Double
    }

    /// Values per entry of the block prefix counts.
    static let block = 64

    /// One pass over sorted values with multiplicities, 64 at a time: moments with four
    /// independent accumulators, the resample size before each block (for the MAD search),
    /// and an element-wise walk only in blocks holding a wanted order statistic.
    static func scan(sorted x: UnsafeBufferPointer<Double>, counts c: UnsafeBufferPointer<UInt8>,
                     blockPrefix: UnsafeMutableBufferPointer<Int32>) -> ScanResult {
        let n = x.count
        var total = 0
        for v in c { total &+= Int(v) }
        let ps = (q25: Quantile.position(count: total, 0.25), q50: Quantile.position(count: total, 0.5),
                  q75: Quantile.position(count: total, 0.75), q99: Quantile.position(count: total, 0.99))
        // Order statistics wanted (0-based ranks in the resample); slots are visited in rank
        // order, which differs from slot order for tiny samples (e.g. p75 + 1 > p99 at n = 5).
        var slots = (ps.q25.index, ps.q25.index + 1, ps.q50.index, ps.q50.index + 1,
                     ps.q75.index, ps.q75.index + 1, ps.q99.index, ps.q99.index + 1)
        var found = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        var foundAt = (0, 0, 0, 0, 0, 0, 0, 0)
        var order = (0, 1, 2, 3, 4, 5, 6, 7)
        // Shifting by a value near the centre keeps the sum of squares accurate.
        let shift = x[n / 2]
        var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
        var b0 = 0.0, b1 = 0.0, b2 = 0.0, b3 = 0.0
        var e0 = 0.0, e1 = 0.0, f0 = 0.0, f1 = 0.0
        withUnsafeMutableBytes(of: &slots) { sb in
        withUnsafeMutableBytes(of: &found) { fb in
        withUnsafeMutableBytes(of: &foundAt) { ab in
        withUnsafeMutableBytes(of: &order) { ob in
            let rank = sb.bindMemory(to: Int.self), value = fb.bindMemory(to: Double.self)
            let at = ab.bindMemory(to: Int.self), order = ob.bindMemory(to: Int.self)
            for j in 0..<8 { rank[j] = Swift.min(rank[j], total - 1) }
            for j in 1..<8 {  // insertion sort of the 8 slots by rank
                var m = j
                while m > 0 && rank[order[m - 1]] > rank[order[m]] {
                    order.swapAt(m - 1, m)
                    m -= 1
                }
            }
            var cum = 0, t = 0, blockIndex = 0
            var next = rank[order[0]]
            var i = 0
            while i < n {
                blockPrefix[blockIndex] = Int32(truncatingIfNeeded: cum)
                blockIndex += 1
                let end = Swift.min(i + block, n)
                var k = i
                var inBlock = 0
                while k + 4 <= end {
                    let c0 = Int(c[k]), c1 = Int(c[k + 1]), c2 = Int(c[k + 2]), c3 = Int(c[k + 3])
                    inBlock &+= c0 &+ c1 &+ c2 &+ c3
                    let d0 = x[k] - shift, d1 = x[k + 1] - shift, d2 = x[k + 2] - shift, d3 = x[k + 3] - shift
                    let w0 = Double(c0) * d0, w1 = Double(c1) * d1, w2 = Double(c2) * d2, w3 = Double(c3) * d3
                    a0 += w0; a1 += w1; a2 += w2; a3 += w3
                    let v0 = w0 * d0, v1 = w1 * d1, v2 = w2 * d2, v3 = w3 * d3
                    b0 += v0; b1 += v1; b2 += v2; b3 += v3
                    let u0 = v0 * d0 + v1 * d1, u1 = v2 * d2 + v3 * d3
                    e0 += u0; e1 += u1
                    f0 += v0 * d0 * d0 + v1 * d1 * d1; f1 += v2 * d2 * d2 + v3 * d3 * d3
                    k += 4
                }
                while k < end {
                    let ck = Int(c[k]), d = x[k] - shift, w = Double(ck) * d
                    inBlock &+= ck
                    a0 += w
                    b0 += w * d
                    e0 += w * d * d
                    f0 += w * d * d * d
                    k += 1
                }
                if next < cum + inBlock {
                    var running = cum
                    for e in i..<end {
                        running &+= Int(c[e])
                        while t < 8 && rank[order[t]] < running {
                            value[order[t]] = x[e]
                            at[order[t]] = e
                            t += 1
                        }
                    }
                    next = t < 8 ? rank[order[t]] : Int.max
                }
                cum &+= inBlock
                i = end
            }
            blockPrefix[blockIndex] = Int32(truncatingIfNeeded: cum)
        }
        }
        }
        }
        let s1 = (a0 + a1) + (a2 + a3), s2 = (b0 + b1) + (b2 + b3), s3 = e0 + e1, s4 = f0 + f1
        let nd = Double(total)
        let mu = s1 / nd
        // Σ(y − μ)⁴ from raw sums of y = x − shift.
        let fourth = s4 - 4 * mu * s3 + 6 * mu * mu * s2 - 3 * mu * mu * mu * s1
        let variance = total > 1 ? Swift.max(0, (s2 - s1 * s1 / nd) / (nd - 1)) : 0
        let q25 = Quantile.interpolate(found.0, found.1, ps.q25.weight)
        let q50 = Quantile.interpolate(found.2, found.3, ps.q50.weight)
        let q75 = Quantile.interpolate(found.4, found.5, ps.q75.weight)
        let q99 = Quantile.interpolate(found.6, found.7, ps.q99.weight)
        let mad = MedianDeviation(sorted: x, counts: c, blockPrefix: UnsafeBufferPointer(blockPrefix),
                                  median: q50, split: foundAt.2).value(total: total)
        return ScanResult(statistics: SpreadStatistics(variance: variance, iqr: q75 - q25, mad: mad, tailSpread: q99 / q50),
                          mean: shift + mu, fourthCentralSum: Swift.max(0, fourth))
    }
}

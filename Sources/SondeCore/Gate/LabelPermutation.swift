#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One-sided p-values for a change of a statistic between two samples by relabelling:
/// T = log θ(candidate) − log θ(baseline) is recomputed on `permutations` random splits of the
/// pooled values into groups of the original sizes, and pIncrease = (1 + #{T* ≥ T}) / (1 + R).
///
/// Under "both runs come from the same distribution" the labels are exchangeable, so the test's
/// size is exact whatever the statistic's law; a z-test with a bootstrap SE is not: at p99 the
/// SE itself is noisy (about 18% relative sd at n = 1,000), which fattens z's tails and made an
/// unchanged service fail 1.4% of the time at level 0.005 (docs/statistics.md). Conditioning on
/// the pooled sample is also more powerful for tail quantiles: a ×1.2 change of σ 0.3
/// log-normal latencies is detected 0.93 of the time at level 0.005 against 0.90 for a z-test
/// with the exact SE (`scripts/stats/p99-permutation-power.py`, 300 repetitions).
///
/// Serial dependence (slow episodes) breaks exchangeability of single values, so with
/// `blockLength` L > 1 whole blocks of L consecutive values move together (a block permutation;
/// Politis, Romano & Wolf 1999, ch. 3): each series is cut into consecutive blocks, the blocks
/// of both are shuffled, and the baseline's share is filled from the front, splitting one block
/// where it overflows, so each side keeps its size.
struct LabelPermutation {
    /// Relabellings per test: the smallest attainable p-value is 1/2001, a tenth of the
    /// default level 0.005, and a p-value near 0.005 has a Monte Carlo sd of ~0.0016.
    static let permutations = 2000

    /// The generator stream of relabellings; the bootstrap uses 0 (baseline) and 1 (candidate).
    private static let stream: UInt64 = 2

    /// Pooled values ascending, and for each time position of baseline ++ candidate its rank.
    private let pool: CountResampler
    private let baselineCount: Int
    /// Values that move together: 1 for independent values.
    let blockLength: Int
    /// Blocks of the concatenated series as (first position, length).
    private let blocks: [(start: Int32, length: Int32)]

    /// Relabelling for series the bootstrap resamples by `method`. Under dependence the blocks
    /// are twice the bootstrap's: a block permutation keeps the dependence inside blocks only, and
    /// at the Politis–White length an unchanged service with slow episodes still failed the mean
    /// rule 2.6% of the time (docs/statistics.md). Doubled only as far as eight blocks a side
    /// remain, so the relabelling still has room.
    init(baseline: [Double], candidate: [Double], method: BootstrapMethod) {
        let length = switch method {
        case .iid: 1
        case .movingBlock(let length):
            Swift.max(length, Swift.min(2 * length, Swift.min(baseline.count, candidate.count) / 8))
        }
        self.init(baseline: baseline, candidate: candidate, blockLength: length)
    }

    /// Relabelling that moves blocks of `blockLength` consecutive values (1: single values).
    init(baseline: [Double], candidate: [Double], blockLength: Int) {
        self.blockLength = blockLength
        pool = CountResampler(groups: [baseline, candidate])
        baselineCount = baseline.count
        var blocks: [(start: Int32, length: Int32)] = []
        for (start, n) in [(0, baseline.count), (baseline.count, candidate.count)] {
            let l = Swift.max(1, Swift.min(blockLength, n))
            var p = 0
            while p < n {
                blocks.append((Int32(start + p), Int32(Swift.min(l, n - p))))
                p += l
            }
        }
        self.blocks = blocks
    }

    /// p-values of H0 "no increase" and "no decrease" for the observed log ratio `observed`;
    /// `statistic(side, sorted, counts)` evaluates side 0 (baseline size) or 1 (candidate size)
    /// given as 0/1 multiplicities over the pooled sorted values. Relabellings whose statistic
    /// has no logarithm (a zero spread) are left out.
    func pValues(observed: Double, seed: UInt64,
                 statistic: (UInt64, UnsafeBufferPointer<Double>, UnsafeBufferPointer<UInt8>) -> Double)
        -> (increase: Double, decrease: Double) {
        Self.pValues(observed: observed, replicates: relabelled(seed: seed, statistic: statistic))
    }

    /// The log ratios T* of the `permutations` relabellings (NaN where the statistic has no
    /// logarithm), in generator order: the null distribution behind the p-values and behind
    /// `DetectableChange`.
    func relabelled(seed: UInt64, statistic: (UInt64, UnsafeBufferPointer<Double>, UnsafeBufferPointer<UInt8>) -> Double)
        -> [Double] {
        var replicates = [Double](repeating: .nan, count: Self.permutations)
        let n = pool.count, nb = baselineCount
        replicates.withUnsafeMutableBufferPointer { out in
            Parallel.forEachChunk(out.count) { range in
                var order = blocks
                var base = [UInt8](repeating: 0, count: n), cand = base
                for r in range {
                    var rng = Bootstrap.generator(seed: seed, side: Self.stream, replicate: r)
                    for i in stride(from: order.count - 1, to: 0, by: -1) {
                        order.swapAt(i, rng.index(below: i + 1))
                    }
                    base.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                    cand.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                    var filled = 0
                    for block in order {
                        for p in Int(block.start)..<Int(block.start + block.length) {
                            let rank = Int(pool.rank[p])
                            if filled < nb {
                                base[rank] = 1
                                filled += 1
                            } else {
                                cand[rank] = 1
                            }
                        }
                    }
                    let (b, c) = pool.sorted.withUnsafeBufferPointer { x in
                        (base.withUnsafeBufferPointer { statistic(0, x, $0) },
                         cand.withUnsafeBufferPointer { statistic(1, x, $0) })
                    }
                    out[r] = b > 0 && c > 0 ? log(c) - log(b) : .nan
                }
            }
        }
        return replicates
    }

    /// p-values of `observed` against relabelled log ratios `replicates`.
    static func pValues(observed: Double, replicates: [Double]) -> (increase: Double, decrease: Double) {
        // Relabellings that reproduce the observed split give the same sums in the same order,
        // so ties are exact; the tolerance only absorbs the last bit.
        let tolerance = 1e-12 * Swift.max(1, Swift.abs(observed))
        var kept = 0, atLeast = 0, atMost = 0
        for t in replicates where t.isFinite {
            kept += 1
            if t >= observed - tolerance { atLeast += 1 }
            if t <= observed + tolerance { atMost += 1 }
        }
        return (Double(1 + atLeast) / Double(1 + kept), Double(1 + atMost) / Double(1 + kept))
    }
}

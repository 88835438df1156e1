#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension GateStatistics {
    /// `quantileChange` for independent values when the Harrell–Davis weights of both sides sit
    /// in narrow rank windows (`QuantileWindow`: from some ten thousand values a side at p50):
    /// the same estimator, the same iid bootstrap SE with the same resample count, and the same
    /// single-value relabelling test with the same number of relabellings, each resample drawn
    /// exactly in law but only inside the window, so the cost per resample no longer grows with
    /// n. Nil when a window would not be narrow.
    ///
    /// A relabelling gives the baseline a uniformly random `nb` of the `N` pooled values. In
    /// sorted order, the number of them below the pooled window's start `L` is
    /// Hypergeometric(N, nb, L), the number inside the window Hypergeometric(N − L, nb − A, H − L),
    /// and which window positions they take is a uniformly random subset (selection sampling,
    /// Knuth TAOCP vol. 2, Algorithm 3.4.2 S). The window covers both sides' weights with 10
    /// standard deviations of those counts to spare; a relabelling that would put weight
    /// outside it (probability below 1e-22) is redrawn.
    static func windowedQuantileChange(baseline: [Double], candidate: [Double], p: Double, level: Double,
                                       seed: UInt64) -> MetricChange? {
        guard let wb = QuantileWindow(p: p, count: baseline.count), let wc = QuantileWindow(p: p, count: candidate.count) else {
            return nil
        }
        let nb = baseline.count, nc = candidate.count, total = nb + nc
        // The pooled window: wide enough for both sides' weights plus the draw margin, in pooled ranks.
        let gb = QuantileWindow.gap(p: p, count: nb), gc = QuantileWindow.gap(p: p, count: nc)
        let scaleB = Double(total) / Double(nb), scaleC = Double(total) / Double(nc)
        let low = Swift.max(0, Int(Swift.min(Double(wb.first - gb) * scaleB, Double(wc.first - gc) * scaleC).rounded(.down)))
        let high = Swift.min(total, Int(Swift.max(Double(wb.last + gb) * scaleB, Double(wc.last + gc) * scaleC).rounded(.up)))
        guard high - low <= total / 4 else { return nil }

        let sortedB = baseline.sorted(), sortedC = candidate.sorted()
        let estimateB = wb.estimate(sorted: sortedB), estimateC = wc.estimate(sorted: sortedC)
        let seB = windowedLogSE(sortedB, window: wb, side: 0, seed: seed)
        let seC = windowedLogSE(sortedC, window: wc, side: 1, seed: seed)
        let name = "Harrell–Davis p\(percentLabel(p))"
        let label = "\(name), log ratio; interval from bootstrap SE (iid, \(resamples) resamples, drawn in the quantile's rank window); "
            + "p from \(LabelPermutation.permutations) permutations (single values, drawn in the quantile's rank window)"
        let ratio = estimateB > 0 && estimateC > 0 ? estimateC / estimateB : Double.nan
        let se = (seB * seB + seC * seC).squareRoot()
        guard ratio.isFinite, se.isFinite else {
            return MetricChange(baseline: estimateB, candidate: estimateC, ratio: RatioEstimate(point: ratio, lower: .nan, upper: .nan),
                                pIncrease: 1, pDecrease: 1, method: label)
        }

        // Pooled values ascending (a merge of the two sorted sides).
        var pooled = [Double]()
        pooled.reserveCapacity(total)
        var i = 0, j = 0
        while i < nb || j < nc {
            if j == nc || (i < nb && sortedB[i] <= sortedC[j]) {
                pooled.append(sortedB[i]); i += 1
            } else {
                pooled.append(sortedC[j]); j += 1
            }
        }
        var relabelled = [Double](repeating: .nan, count: LabelPermutation.permutations)
        let width = high - low
        pooled.withUnsafeBufferPointer { z in
            relabelled.withUnsafeMutableBufferPointer { out in
                Parallel.forEachChunk(out.count) { range in
                    for r in range {
                        var rng = Bootstrap.generator(seed: seed, side: 2, replicate: r)
                        while true {
                            let belowB = low > 0 ? DiscreteSampler.hypergeometric(population: total, successes: nb, draws: low, &rng) : 0
                            let insideB = high < total
                                ? DiscreteSampler.hypergeometric(population: total - low, successes: nb - belowB, draws: width, &rng)
                                : nb - belowB
                            let belowC = low - belowB, insideC = width - insideB
                            guard belowB <= wb.first, belowB + insideB >= wb.last,
                                  belowC <= wc.first, belowC + insideC >= wc.last else { continue }
                            var need = insideB, kb = belowB, kc = belowC
                            var sb = 0.0, sc = 0.0
                            for q in 0..<width {
                                let x = z[low + q]
                                if Double(width - q) * rng.unit() < Double(need) {
                                    sb += x * (wb.weight(kb + 1) - wb.weight(kb))
                                    kb += 1
                                    need -= 1
                                } else {
                                    sc += x * (wc.weight(kc + 1) - wc.weight(kc))
                                    kc += 1
                                }
                            }
                            out[r] = sb > 0 && sc > 0 ? log(sc) - log(sb) : .nan
                            break
                        }
                    }
                }
            }
        }
        let d = log(ratio), q = NormalDistribution.quantile(1 - level)
        let pValues = LabelPermutation.pValues(observed: d, replicates: relabelled)
        return MetricChange(baseline: estimateB, candidate: estimateC,
                            ratio: RatioEstimate(point: ratio, lower: exp(d - q * se), upper: exp(d + q * se)),
                            pIncrease: pValues.increase, pDecrease: pValues.decrease, method: label,
                            detectable: DetectableChange(replicates: relabelled, level: level, baselineCount: nb, candidateCount: nc))
    }

    /// The iid bootstrap SE of log(Harrell–Davis estimate) of one side, `resamples` resamples
    /// drawn in its window, with the generator streams `LogBootstrap` uses.
    static func windowedLogSE(_ sorted: [Double], window: QuantileWindow, side: UInt64, seed: UInt64) -> Double {
        var logs = [Double](repeating: .nan, count: resamples)
        sorted.withUnsafeBufferPointer { x in
            logs.withUnsafeMutableBufferPointer { out in
                Parallel.forEachChunk(out.count) { range in
                    var counts = [Int32](repeating: 0, count: window.high - window.low)
                    counts.withUnsafeMutableBufferPointer { c in
                        for b in range {
                            var rng = Bootstrap.generator(seed: seed, side: side, replicate: b)
                            let v = window.resample(sorted: x, counts: c, &rng)
                            out[b] = v > 0 ? log(v) : .nan
                        }
                    }
                }
            }
        }
        let kept = logs.filter { $0.isFinite }
        guard kept.count >= 2 else { return kept.isEmpty ? .infinity : 0 }
        let mean = kept.reduce(0, +) / Double(kept.count)
        return (kept.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(kept.count - 1)).squareRoot()
    }
}

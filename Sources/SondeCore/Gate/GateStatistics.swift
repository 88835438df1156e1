#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The statistics behind `sonde gate`: for one metric, the ratio candidate / baseline with a
/// (1 − 2·level) interval and one-sided p-values, so a rule fails only on a change that is both
/// larger than its limit and significant.
///
/// Latency metrics (quantiles, spread, mean) are compared on the log scale. The p-values come
/// from a permutation test of T = log θ̂_c − log θ̂_b (`LabelPermutation`): exact in size when
/// both runs come from one distribution, whatever the statistic's sampling law, which a z-test
/// on a noisy tail SE is not. The interval shown is exp(log ratio ± Φ⁻¹(1 − level)·SE), with SE
/// from independent bootstraps of each side (Efron & Tibshirani 1993, ch. 6).
/// Serial dependence (slow episodes): when either series has a significant lag-1
/// autocorrelation (`BootstrapMethod.automatic(for:)`), the bootstrap resamples circular moving
/// blocks of the Politis & White (2004) length (Künsch 1989; Politis & Romano 1992) and the
/// permutation moves whole blocks of twice that length, so neither treats correlated values as
/// independent.
public enum GateStatistics {
    /// The default one-sided level: 0.005 (a 99% two-sided interval). Each rule then fails an
    /// unchanged service at most 0.5% of the time (exactly so for independent values, by the
    /// permutation), half the 1% budget; the other half is room for dependence, which block
    /// relabelling only approximates. See docs/statistics.md for the simulation.
    public static let defaultLevel = 0.005

    /// Bootstrap resamples per side for the standard errors.
    public static let resamples = 1000

    /// Quantile p (0.5, 0.9, 0.99) of time-ordered latencies, by Harrell & Davis (1982).
    ///
    /// - Precondition: each side has at least 4 values; `0 < p < 1`; `0 < level < 0.5`.
    public static func quantileChange(baseline: [Double], candidate: [Double], p: Double, level: Double,
                                      seed: UInt64) -> MetricChange {
        // Large independent samples: the same test drawn in the quantile's rank window (GateStatistics+Window.swift).
        if BootstrapMethod.automatic(for: [baseline, candidate]) == .iid,
           let windowed = windowedQuantileChange(baseline: baseline, candidate: candidate, p: p, level: level, seed: seed) {
            return windowed
        }
        let hdBase = HarrellDavis(p: p, count: baseline.count), hdCand = HarrellDavis(p: p, count: candidate.count)
        return logScaleChange(baseline: baseline, candidate: candidate, level: level, seed: seed,
                              name: "Harrell–Davis p\(percentLabel(p))",
                              statistic: { side, x, c in (side == 0 ? hdBase : hdCand).estimate(sorted: x, counts: c) })
    }

    /// Variance, IQR or MAD of time-ordered latencies (sonde's conventions: n − 1, type 7,
    /// unscaled).
    ///
    /// - Precondition: each side has at least 4 values; `0 < level < 0.5`.
    public static func spreadChange(baseline: [Double], candidate: [Double], measure: SpreadMeasure, level: Double,
                                    seed: UInt64) -> MetricChange {
        let key: KeyPath<SpreadStatistics, Double> = switch measure {
        case .variance: \.variance
        case .iqr: \.iqr
        case .mad: \.mad
        }
        // Room for the longest series the statistic sees: a permutation passes both sides' pooled values.
        let scratch = SpreadStatistics.blockPrefixCount(baseline.count + candidate.count)
        return logScaleChange(baseline: baseline, candidate: candidate, level: level, seed: seed,
                              name: measure.rawValue) { _, x, c in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: scratch) { blocks in
                SpreadStatistics.scan(sorted: x, counts: c, blockPrefix: blocks).statistics[keyPath: key]
            }
        }
    }

    /// Mean (e.g. throughput per attempt). Under serial dependence the p-values come from a
    /// batch-means t test instead of block relabelling (`batchMeansChange`), which under slow
    /// episodes failed an unchanged service 1.3–2.6% of the time.
    ///
    /// - Precondition: each side has at least 4 values with a positive mean; `0 < level < 0.5`.
    public static func meanChange(baseline: [Double], candidate: [Double], level: Double, seed: UInt64) -> MetricChange {
        if case .movingBlock(let length) = BootstrapMethod.automatic(for: [baseline, candidate]),
           let batched = batchMeansChange(baseline: baseline, candidate: candidate, level: level,
                                          resampling: "circular blocks of \(length)") {
            return batched
        }
        return logScaleChange(baseline: baseline, candidate: candidate, level: level, seed: seed, name: "mean") { _, x, c in
            var s = 0.0, n = 0
            for j in 0..<x.count {
                s += Double(c[j]) * x[j]
                n += Int(c[j])
            }
            return s / Double(n)
        }
    }

    /// "99" for 0.99, "50" for 0.5, "99.9" for 0.999.
    static func percentLabel(_ p: Double) -> String {
        let v = (p * 1000).rounded() / 10
        return v == v.rounded() ? String(Int(v)) : String(v)
    }

    /// The log-scale comparison shared by the latency metrics. `statistic(side, sorted, counts)`
    /// evaluates a resample given as multiplicities of the side's sorted values.
    static func logScaleChange(
        baseline: [Double], candidate: [Double], level: Double, seed: UInt64, name: String,
        statistic: (UInt64, UnsafeBufferPointer<Double>, UnsafeBufferPointer<UInt8>) -> Double
    ) -> MetricChange {
        precondition(baseline.count >= 4 && candidate.count >= 4, "A gate comparison needs four values a side")
        precondition(level > 0 && level < 0.5, "One-sided level must lie in (0, 0.5)")
        let method = BootstrapMethod.automatic(for: [baseline, candidate])
        let b = LogBootstrap(values: baseline, side: 0, method: method, seed: seed, statistic: statistic)
        let c = LogBootstrap(values: candidate, side: 1, method: method, seed: seed, statistic: statistic)
        let permutation = LabelPermutation(baseline: baseline, candidate: candidate, method: method)
        let resampling = switch method {
        case .iid: "iid"
        case .movingBlock(let length): "circular blocks of \(length)"
        }
        let relabelling = permutation.blockLength > 1 ? "blocks of \(permutation.blockLength)" : "single values"
        let label = "\(name), log ratio; interval from bootstrap SE (\(resampling), \(resamples) resamples); "
            + "p from \(LabelPermutation.permutations) permutations (\(relabelling))"
        let ratio = b.estimate > 0 && c.estimate > 0 ? c.estimate / b.estimate : Double.nan
        let se = (b.standardError * b.standardError + c.standardError * c.standardError).squareRoot()
        guard ratio.isFinite, se.isFinite else {
            return MetricChange(baseline: b.estimate, candidate: c.estimate,
                                ratio: RatioEstimate(point: ratio, lower: .nan, upper: .nan),
                                pIncrease: 1, pDecrease: 1, method: label)
        }
        let d = log(ratio), q = NormalDistribution.quantile(1 - level)
        let relabelled = permutation.relabelled(seed: seed, statistic: statistic)
        let p = LabelPermutation.pValues(observed: d, replicates: relabelled)
        return MetricChange(baseline: b.estimate, candidate: c.estimate,
                            ratio: RatioEstimate(point: ratio, lower: exp(d - q * se), upper: exp(d + q * se)),
                            pIncrease: p.increase, pDecrease: p.decrease, method: label,
                            detectable: DetectableChange(replicates: relabelled, level: level,
                                                         baselineCount: baseline.count, candidateCount: candidate.count))
    }

    /// One side's estimate and the bootstrap SE of its logarithm.
    struct LogBootstrap {
        var estimate: Double
        var standardError: Double

        init(values: [Double], side: UInt64, method: BootstrapMethod, seed: UInt64,
             statistic: (UInt64, UnsafeBufferPointer<Double>, UnsafeBufferPointer<UInt8>) -> Double) {
            var r = CountResampler(groups: [values])
            r.setObserved()
            func evaluate(_ r: CountResampler) -> Double {
                r.sorted.withUnsafeBufferPointer { x in r.counts.withUnsafeBufferPointer { c in statistic(side, x, c) } }
            }
            estimate = evaluate(r)
            var logs = [Double](repeating: .nan, count: GateStatistics.resamples)
            let template = r
            logs.withUnsafeMutableBufferPointer { out in
                Parallel.forEachChunk(out.count) { range in
                    var r = template
                    for b in range {
                        var rng = Bootstrap.generator(seed: seed, side: side, replicate: b)
                        r.draw(method, &rng)
                        let v = evaluate(r)
                        out[b] = v > 0 ? log(v) : .nan
                    }
                }
            }
            // A resample with a zero spread (heavy ties) has no logarithm; the rest carry the SE.
            let kept = logs.filter { $0.isFinite }
            guard kept.count >= 2 else {
                standardError = kept.isEmpty && estimate > 0 ? .infinity : 0
                return
            }
            let mean = kept.reduce(0, +) / Double(kept.count)
            let ss = kept.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            standardError = (ss / Double(kept.count - 1)).squareRoot()
        }
    }
}

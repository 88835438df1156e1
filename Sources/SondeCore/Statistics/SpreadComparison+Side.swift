#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SpreadComparison {
    /// The studentized (bootstrap-t) interval of the variance ratio on the log scale
    /// (Efron & Tibshirani 1993, ch. 12; for blocks Götze & Künsch 1996): with
    /// T = log(s²_c/s²_b) and SE from `Side.logVarianceSE`, the interval is
    /// exp(T − t*₍₁₋α/₂₎·SE, T − t*₍α/₂₎·SE) where t* are the bootstrap values of (T* − T)/SE*.
    /// Studentizing lets a sample with few slow episodes, whose variance and uncertainty are
    /// both understated, widen its interval upward; nil when the SE is degenerate or the
    /// studentized replicates do not behave as a pivot (see `maximumPivotQuantile`).
    static func studentizedVarianceRatio(base: Side, candidate: Side, confidence: Double) -> RatioEstimate? {
        let point = candidate.observed.variance / base.observed.variance
        let se = (base.observedLogVarianceSE * base.observedLogVarianceSE
            + candidate.observedLogVarianceSE * candidate.observedLogVarianceSE).squareRoot()
        guard point.isFinite, point > 0, se.isFinite, se > 0 else { return nil }
        let t0 = log(point)
        var t = [Double](repeating: 0, count: base.replicates.count)
        for b in t.indices {
            let sb = base.logVarianceSE[b], sc = candidate.logVarianceSE[b]
            let r = candidate.replicates[b].variance / base.replicates[b].variance
            t[b] = (log(r) - t0) / (sb * sb + sc * sc).squareRoot()
        }
        let (tLow, tHigh) = Bootstrap.percentileInterval(t, confidence: confidence)
        guard tLow.isFinite, tHigh.isFinite else { return nil }
        // A pivot whose quantiles reach beyond twice the normal ones is not a pivot: its SE*
        // collapses in resamples that miss a rare extreme value (one spike in 200, or a block
        // scheme with few blocks), and dividing by it inflates the far end without bound.
        let limit = maximumPivotQuantile(confidence: confidence)
        guard -tLow <= limit, tHigh <= limit else { return nil }
        return RatioEstimate(point: point, lower: exp(t0 - tHigh * se), upper: exp(t0 - tLow * se))
    }

    /// The largest |t*| quantile accepted from the studentized bootstrap: twice the normal
    /// quantile at the interval's ends (3.92 at 95%).
    static func maximumPivotQuantile(confidence: Double) -> Double {
        2 * NormalDistribution.quantile((1 + confidence) / 2)
    }

    /// The BCa interval of the variance ratio (Efron 1987; Efron & Tibshirani 1993, §14.3):
    /// percentiles of the bootstrap ratios at Φ(z₀ + (z₀ + z_α)/(1 − a(z₀ + z_α))), with the
    /// bias correction z₀ = Φ⁻¹(share of replicates below the estimate) and the acceleration
    /// a from the empirical influence values of log s² (candidate +, baseline −),
    /// U = ((x − x̄)² − σ̂²)/σ̂², a = Σ(U/n)³ / (6 (Σ(U/n)²)^{3/2}). Its ends are always
    /// bootstrap replicates, so a single extreme value cannot push them past what resampling
    /// it repeatedly can produce. The fallback when the studentized pivot is unstable.
    static func bcaVarianceRatio(base: Side, candidate: Side, confidence: Double) -> RatioEstimate? {
        let point = candidate.observed.variance / base.observed.variance
        guard point.isFinite, point > 0 else { return nil }
        var ratios = [Double](repeating: 0, count: base.replicates.count)
        var below = 0.0
        for b in ratios.indices {
            let r = candidate.replicates[b].variance / base.replicates[b].variance
            ratios[b] = r
            if r < point { below += 1 } else if r == point { below += 0.5 }
        }
        let share = below / Double(ratios.count)
        guard share > 0, share < 1 else { return nil }
        let z0 = NormalDistribution.quantile(share)
        var second = 0.0, third = 0.0
        for (side, sign) in [(candidate, 1.0), (base, -1.0)] {
            let x = side.sorted
            let n = Double(x.count)
            let mean = x.reduce(0, +) / n
            let sigma2 = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
            guard sigma2 > 0 else { return nil }
            for v in x {
                let u = sign * ((v - mean) * (v - mean) - sigma2) / sigma2 / n
                second += u * u
                third += u * u * u
            }
        }
        let a = second > 0 ? third / (6 * pow(second, 1.5)) : 0
        func adjusted(_ tail: Double) -> Double {
            let z = z0 + NormalDistribution.quantile(tail)
            return NormalDistribution.cdf(z0 + z / (1 - a * z))
        }
        let alpha = (1 - confidence) / 2
        let (lo, hi) = (adjusted(alpha), adjusted(1 - alpha))
        guard lo > 0, hi < 1, lo < hi else { return nil }
        let kept = ratios.filter { !$0.isNaN }.sorted()
        return RatioEstimate(point: point, lower: Quantile.ofSorted(kept, lo), upper: Quantile.ofSorted(kept, hi))
    }

    /// One side of a comparison: its observed statistics and its bootstrap replicates, each
    /// with the standard error of log(variance) for studentizing.
    struct Side {
        var observed: SpreadStatistics
        var observedLogVarianceSE: Double
        var replicates: [SpreadStatistics]
        var logVarianceSE: [Double]
        /// The side's values, ascending.
        var sorted: [Double]

        init(groups: [[Double]], method: BootstrapMethod, index: UInt64, resamples: Int, seed: UInt64) {
            var r = CountResampler(groups: groups)
            sorted = r.sorted
            var blocks = [Int32](repeating: 0, count: SpreadStatistics.blockPrefixCount(r.count))
            r.setObserved()
            let scan = SpreadStatistics.scan(r, blockPrefix: &blocks)
            observed = scan.statistics
            if case .movingBlock(let length) = method {
                r.setObservedBlocks(length)
                observedLogVarianceSE = r.blockLogVarianceSE(mean: scan.mean)
            } else {
                observedLogVarianceSE = Side.iidLogVarianceSE(scan, n: r.count)
            }
            var replicates = [SpreadStatistics](repeating: scan.statistics, count: resamples)
            var ses = [Double](repeating: 0, count: resamples)
            let template = r
            replicates.withUnsafeMutableBufferPointer { out in
                ses.withUnsafeMutableBufferPointer { seOut in
                    Parallel.forEachChunk(resamples) { range in
                        var r = template
                        var blocks = [Int32](repeating: 0, count: SpreadStatistics.blockPrefixCount(r.count))
                        for b in range {
                            var rng = Bootstrap.generator(seed: seed, side: index, replicate: b)
                            r.draw(method, &rng)
                            let s = SpreadStatistics.scan(r, blockPrefix: &blocks)
                            out[b] = s.statistics
                            if case .movingBlock = method {
                                seOut[b] = r.blockLogVarianceSE(mean: s.mean)
                            } else {
                                seOut[b] = Side.iidLogVarianceSE(s, n: r.count)
                            }
                        }
                    }
                }
            }
            self.replicates = replicates
            self.logVarianceSE = ses
        }

        /// SE of log(variance) for independent values: √(Σ(x − x̄)⁴ − nσ̂⁴) / n / σ̂².
        static func iidLogVarianceSE(_ s: SpreadStatistics.ScanResult, n: Int) -> Double {
            let nd = Double(n)
            let sigma2 = s.statistics.variance * (nd - 1) / nd
            return Swift.max(0, s.fourthCentralSum - nd * sigma2 * sigma2).squareRoot() / nd / sigma2
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SpreadComparison {
    /// The studentized (bootstrap-t) interval of the variance ratio on the log scale (Efron &
    /// Tibshirani 1993, ch. 12; for blocks Götze & Künsch 1996): T = log(s²_c/s²_b), SE from
    /// `Side.logVarianceSE`, t* the bootstrap values of (T* − T)/SE*. Each end is the farther of
    /// two forms' ends: the equal-tailed exp(T − t*₍₁₋α/₂₎·SE, T − t*₍α/₂₎·SE) and the symmetric
    /// exp(T ± q·SE), q the `confidence` quantile of |t*| (Hall 1988, "On symmetric bootstrap
    /// confidence intervals", JRSS B 50(1)).
    ///
    /// The two fail in opposite ways. The equal-tailed form trusts the skew of t*, which a
    /// sample short of its tail gets wrong when both sides are heavy (log-normal σ 1.0 on both
    /// sides: 0.91 against 0.94 for the symmetric form). The symmetric form ignores that skew,
    /// which is real when one heavy side carries the uncertainty (σ 1.0 against σ 0.25: 0.905
    /// against 0.925) or under slow episodes, where a window with few episodes understates both
    /// its variance and its uncertainty and the equal-tailed form widens it upward. Figures:
    /// docs/statistics.md, "Coverage grid".
    ///
    /// nil when the SE is degenerate or the studentized replicates do not behave as a pivot
    /// (see `maximumPivotQuantile`).
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
        // A pivot whose quantiles reach beyond twice the normal ones is not a pivot: its SE*
        // collapses in resamples that miss a rare extreme value (one spike in 200, or a block
        // scheme with few blocks), and dividing by it inflates the interval without bound.
        let limit = maximumPivotQuantile(confidence: confidence)
        let (tLow, tHigh) = Bootstrap.percentileInterval(t, confidence: confidence)
        guard tLow.isFinite, tHigh.isFinite, -tLow <= limit, tHigh <= limit else { return nil }
        // A replicate with no studentized value (SE* = 0) counts as an extreme one.
        var magnitudes = t.map { $0.isNaN ? Double.infinity : Swift.abs($0) }
        magnitudes.sort()
        let q = Quantile.ofSorted(magnitudes, confidence)
        guard q.isFinite, q <= limit else { return nil }
        return RatioEstimate(point: point, lower: exp(t0 - Swift.max(tHigh, q) * se),
                             upper: exp(t0 + Swift.max(-tLow, q) * se))
    }

    /// The largest |t*| quantile accepted from the studentized bootstrap: twice the normal
    /// quantile at the interval's ends (3.92 at 95%).
    static func maximumPivotQuantile(confidence: Double) -> Double {
        2 * NormalDistribution.quantile((1 + confidence) / 2)
    }

    /// The BCa interval of the variance ratio (`BCaInterval`: Efron 1987; Efron & Tibshirani
    /// 1993, §14.3), computed as scipy computes it: z₀ from the share of bootstrap ratios below
    /// the estimate, the acceleration from the jackknife of s²_c/s²_b over each side in turn
    /// (pooled candidate groups jackknifed as one sample). Its ends are always bootstrap
    /// replicates, so a single extreme value cannot push them past what resampling it
    /// repeatedly can produce. The fallback when the studentized pivot is unstable.
    static func bcaVarianceRatio(base: Side, candidate: Side, confidence: Double) -> RatioEstimate? {
        let point = candidate.observed.variance / base.observed.variance
        guard point.isFinite, point > 0 else { return nil }
        var ratios = [Double](repeating: 0, count: base.replicates.count)
        for b in ratios.indices { ratios[b] = candidate.replicates[b].variance / base.replicates[b].variance }
        let a = BCaInterval.varianceRatioAcceleration(candidate: candidate.sorted, baseline: base.sorted)
        guard let bca = BCaInterval(replicates: ratios, estimate: point, acceleration: a, confidence: confidence) else {
            return nil
        }
        return RatioEstimate(point: point, lower: bca.lower, upper: bca.upper)
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

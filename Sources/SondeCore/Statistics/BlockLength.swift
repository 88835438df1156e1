#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Block lengths for the block bootstrap.
public enum BlockLength {
    /// The Politis & White (2004) automatic block length for the circular block bootstrap,
    /// with the correction of Patton, Politis & White (2009), computed exactly as
    /// `arch.bootstrap.optimal_block_length` (column `circular`) does: a flat-top lag
    /// window whose bandwidth is twice the first lag after which `max(5, ⌊log10 n⌋)`
    /// autocorrelations are all below `2√(log10 n / n)`, and
    /// `b = (2Ĝ²/D̂)^{1/3} n^{1/3}`, capped at `⌈min(3√n, n/3)⌉`.
    ///
    /// - Precondition: at least 4 values.
    public static func politisWhite(_ x: [Double]) -> Double {
        let n = x.count
        precondition(n >= 4, "Block length needs at least 4 values")
        var mean = 0.0
        for v in x { mean += v }
        mean /= Double(n)
        let eps = x.map { $0 - mean }
        let nd = Double(n)
        let bMax = Swift.min(3 * nd.squareRoot(), nd / 3).rounded(.up)
        let kn = Swift.max(5, Int(log10(nd)))
        let mMax = Int(nd.squareRoot().rounded(.up)) + kn
        let cv = 2 * (log10(nd) / nd).squareRoot()
        // prefix[i] = Σ_{t<i} eps[t]², for the normalising sums in O(1).
        var prefix = [Double](repeating: 0, count: n + 1)
        for t in 0..<n { prefix[t + 1] = prefix[t] + eps[t] * eps[t] }
        var acv: [Double] = []
        var absCorr: [Double] = []
        var optM: Int?
        var lastNeeded = mMax
        eps.withUnsafeBufferPointer { e in
            var i = 0
            while i <= Swift.min(mMax, n - 2) && i <= lastNeeded {
                // Four partial sums: a single running sum is latency-bound on long series.
                var c0 = 0.0, c1 = 0.0, c2 = 0.0, c3 = 0.0
                let m = n - i
                var t = 0
                while t + 4 <= m {
                    c0 += e[t + i] * e[t]
                    c1 += e[t + i + 1] * e[t + 1]
                    c2 += e[t + i + 2] * e[t + 2]
                    c3 += e[t + i + 3] * e[t + 3]
                    t += 4
                }
                while t < m {
                    c0 += e[t + i] * e[t]
                    t += 1
                }
                let cross = (c0 + c1) + (c2 + c3)
                let v1 = prefix[n] - prefix[i + 1]
                let v2 = prefix[n - i - 1]
                acv.append(cross / nd)
                absCorr.append(abs(cross) / (v1 * v2).squareRoot())
                if i >= kn && optM == nil && absCorr[(i - kn)..<i].allSatisfy({ $0 < cv }) {
                    optM = i - kn
                    // Only lags up to the bandwidth are needed from here on.
                    lastNeeded = Swift.min(mMax, 2 * Swift.max(i - kn, 1))
                }
                i += 1
            }
        }
        var m = optM.map { 2 * Swift.max($0, 1) } ?? mMax
        m = Swift.min(m, mMax, acv.count - 1)
        var g = 0.0
        var longRun = acv[0]
        if m >= 1 {
            for k in 1...m {
                let r = Double(k) / Double(m)
                let lambda = r <= 0.5 ? 1 : 2 * (1 - r)
                g += 2 * lambda * Double(k) * acv[k]
                longRun += 2 * lambda * acv[k]
            }
        }
        let dCB = 4.0 / 3.0 * longRun * longRun
        let b = pow(2 * g * g / dCB, 1.0 / 3.0) * pow(nd, 1.0 / 3.0)
        return b.isNaN ? 1 : Swift.min(b, bMax)
    }

    /// sonde's block length for a set of series compared together: the largest
    /// Politis–White length over the series, rounded up, at least 2 and at most the
    /// shortest series' length. One length for all series keeps the resampling scheme
    /// symmetric between baseline and candidate.
    public static func automatic(for series: [[Double]]) -> Int {
        let shortest = series.map(\.count).min() ?? 1
        var best = 2
        for s in series where s.count >= 4 {
            best = Swift.max(best, Int(politisWhite(s).rounded(.up)))
        }
        return Swift.max(1, Swift.min(best, shortest))
    }
}

import Testing
@testable import SondeCore

struct SpreadStatisticsTests {
    // python3 -c "import numpy as np, scipy.stats as st; y=np.array([12.5,10.0,11.25,30.0,10.0,10.5,10.0,95.0]);
    //   q=np.quantile(y,[.25,.5,.75,.99]); print(repr(np.var(y,ddof=1)), repr(q[2]-q[0]),
    //   repr(st.median_abs_deviation(y)), repr(q[3]/q[1]))"
    // -> 877.3024553571429 6.875 0.875 8.317241379310344
    @Test func observedSampleMatchesNumpy() throws {
        let s = try #require(SpreadStatistics([12.5, 10.0, 11.25, 30.0, 10.0, 10.5, 10.0, 95.0]))
        #expect(isClose(s.variance, 877.3024553571429, relative: 1e-12))
        #expect(isClose(s.iqr, 6.875, relative: 1e-12))
        #expect(isClose(s.mad, 0.875, relative: 1e-12))
        #expect(isClose(s.tailSpread, 8.317241379310344, relative: 1e-12))
    }

    /// The counts-over-sorted-values scan must equal the statistics of the expanded resample.
    @Test func countScanEqualsExpandedResample() throws {
        var rng = SeededGenerator(seed: 11)
        for (n, levels) in [(2, 40), (3, 40), (5, 40), (17, 40), (64, 3), (65, 40), (256, 40), (1000, 40), (1000, 4),
                            (3000, 2)] {
            // Few levels give heavy ties; the fractional part gives distinct values too.
            let values = (0..<n).map { _ in
                Double(rng.index(below: levels)) + (levels < 10 || rng.unit() < 0.5 ? 0 : rng.unit())
            }
            var r = CountResampler(groups: [values])
            for method in [BootstrapMethod.iid, .movingBlock(blockLength: 7)] {
                r.draw(method, &rng)
                var expanded: [Double] = []
                for (i, c) in r.counts.enumerated() { expanded += Array(repeating: r.sorted[i], count: Int(c)) }
                #expect(expanded.count == n)
                let fast = SpreadStatistics(r)
                let slow = try #require(Descriptive(expanded))
                let median = slow.p50
                let madSlow = Quantile.of(expanded.map { abs($0 - median) }, 0.5)
                let varSlow = slow.standardDeviation * slow.standardDeviation
                #expect(abs(fast.variance - varSlow) <= 1e-9 * Swift.max(1, varSlow), "n=\(n)")
                #expect(abs(fast.iqr - slow.iqr) <= 1e-12 * Swift.max(1, slow.iqr), "n=\(n)")
                #expect(abs(fast.mad - madSlow) <= 1e-12 * Swift.max(1, madSlow), "n=\(n)")
                let tail = slow.p99 / slow.p50
                #expect(fast.tailSpread == tail || abs(fast.tailSpread - tail) <= 1e-12 * Swift.max(1, tail), "n=\(n)")
            }
        }
    }
}

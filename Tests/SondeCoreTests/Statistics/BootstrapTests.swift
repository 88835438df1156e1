import Testing
@testable import SondeCore

struct BootstrapTests {
    // python3 -c "import numpy as np; r=np.arange(1,101)**1.5; print(repr(np.quantile(r,0.025)), repr(np.quantile(r,0.975)))"
    // -> 6.527980021920982 963.1151377064256
    @Test func percentileIntervalUsesType7() {
        let reps = (1...100).map { Double($0) * Double($0).squareRoot() }.reversed()
        let (lo, hi) = Bootstrap.percentileInterval(Array(reps), confidence: 0.95)
        #expect(isClose(lo, 6.527980021920982, relative: 1e-12))
        #expect(isClose(hi, 963.1151377064256, relative: 1e-12))
    }

    @Test func meanRatioIntervalIsSeededAndCoversTruth() {
        var rng = SeededGenerator(seed: 9)
        let base = (0..<400).map { _ in 100 + 10 * rng.normal() }
        let cand = (0..<400).map { _ in 150 + 10 * rng.normal() }
        let mean: (UnsafeBufferPointer<Double>) -> Double = { b in b.reduce(0, +) / Double(b.count) }
        let r1 = Bootstrap.ratioInterval(baseline: base, candidate: cand, method: .iid, resamples: 500, seed: 5,
                                         statistic: mean)
        let r2 = Bootstrap.ratioInterval(baseline: base, candidate: cand, method: .iid, resamples: 500, seed: 5,
                                         statistic: mean)
        #expect(r1 == r2)
        #expect(r1.lower < r1.point && r1.point < r1.upper)
        #expect(r1.contains(1.5))
        #expect(r1.upper - r1.lower < 0.05)
        let blocks = Bootstrap.ratioInterval(baseline: base, candidateGroups: [cand, cand], method: .movingBlock(blockLength: 20),
                                             resamples: 500, seed: 5, statistic: mean)
        #expect(blocks.contains(1.5))
    }
}

import Testing
@testable import SondeCore

/// Binomial and hypergeometric draws against their laws (scipy 1.17.1).
@Suite struct DiscreteSamplerTests {
    /// Share of `draws` at or below `k`, and the mean, of `count` draws.
    static func summary(_ count: Int, _ k: Int, _ draw: (inout SeededGenerator) -> Int) -> (cdf: Double, mean: Double) {
        var rng = SeededGenerator(seed: 20_261_205)
        var atOrBelow = 0, sum = 0
        for _ in 0..<count {
            let x = draw(&rng)
            atOrBelow += x <= k ? 1 : 0
            sum += x
        }
        return (Double(atOrBelow) / Double(count), Double(sum) / Double(count))
    }

    @Test func binomialDrawsFollowTheirLaw() {
        // python3 -c "from scipy.stats import binom; print(binom.cdf(290,1000,0.3), binom.mean(1000,0.3), binom.var(1000,0.3))"
        // 0.25690839948437527 300.0 210.0
        let n = 20_000
        let s = Self.summary(n, 290) { DiscreteSampler.binomial(1000, 0.3, &$0) }
        #expect(abs(s.cdf - 0.25690839948437527) < 4 * (0.257 * 0.743 / Double(n)).squareRoot())
        #expect(abs(s.mean - 300) < 4 * (210.0 / Double(n)).squareRoot())
        // At a million trials (the gate's windows): mean 500000, variance 250000.
        let big = Self.summary(2000, 500_000) { DiscreteSampler.binomial(1_000_000, 0.5, &$0) }
        #expect(abs(big.mean - 500_000) < 4 * (250_000.0 / 2000).squareRoot())
        #expect(abs(big.cdf - 0.5) < 0.06)
        var rngZero = SeededGenerator(seed: 1)
        #expect(DiscreteSampler.binomial(10, 0, &rngZero) == 0)
        #expect(DiscreteSampler.binomial(10, 1, &rngZero) == 10)
    }

    @Test func hypergeometricDrawsFollowTheirLaw() {
        // python3 -c "from scipy.stats import hypergeom; print(hypergeom.cdf(170,2000,700,500), hypergeom.mean(2000,700,500), hypergeom.var(2000,700,500))"
        // 0.31380734544886746 175.0 85.35517758879439
        let n = 20_000
        let s = Self.summary(n, 170) { DiscreteSampler.hypergeometric(population: 2000, successes: 700, draws: 500, &$0) }
        #expect(abs(s.cdf - 0.31380734544886746) < 4 * (0.314 * 0.686 / Double(n)).squareRoot())
        #expect(abs(s.mean - 175) < 4 * (85.35517758879439 / Double(n)).squareRoot())
        // Degenerate supports.
        var rngZero = SeededGenerator(seed: 1)
        #expect(DiscreteSampler.hypergeometric(population: 10, successes: 10, draws: 4, &rngZero) == 4)
        #expect(DiscreteSampler.hypergeometric(population: 10, successes: 3, draws: 10, &rngZero) == 3)
    }
}

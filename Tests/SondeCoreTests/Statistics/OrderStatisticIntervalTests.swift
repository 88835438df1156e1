import Testing
@testable import SondeCore

/// Ranks of the order-statistic interval checked against scipy's binomial CDF:
/// python3 -c "
/// from scipy.stats import binom; import numpy as np
/// for n,p in [(100,0.5),(1000,0.99),(50,0.9),(20,0.99)]:
///     a=0.05; c=binom.cdf(np.arange(n+1),n,p)
///     lo=[k for k in range(n+1) if c[k]<=a/2]; l=(max(lo)+1) if lo else 1
///     hi=[k for k in range(n+1) if c[k]>=1-a/2]; u=min((min(hi)+1) if hi else n, n)
///     print(n,p,l,u,binom.cdf(u-1,n,p)-binom.cdf(l-1,n,p))"
/// (scipy 1.17.1) printed:
/// 100 0.5 40 61 0.9647997997822952
/// 1000 0.99 983 997 0.976094763497977
/// 50 0.9 41 50 0.9703082890880885
/// 20 0.99 19 20 0.16523372476711748
@Suite struct OrderStatisticIntervalTests {
    @Test(arguments: [(100, 0.5, 40, 61, 0.9647997997822952), (1000, 0.99, 983, 997, 0.976094763497977),
                      (50, 0.9, 41, 50, 0.9703082890880885), (20, 0.99, 19, 20, 0.16523372476711748)])
    func ranksMatchScipy(_ n: Int, _ p: Double, _ lower: Int, _ upper: Int, _ coverage: Double) throws {
        let interval = try #require(OrderStatisticInterval(count: n, p: p, confidence: 0.95))
        #expect(interval.lowerRank == lower)
        #expect(interval.upperRank == upper)
        #expect(abs(interval.coverage - coverage) < 1e-9)
    }

    @Test func boundsAreTheValuesAtTheRanks() throws {
        let sorted = (1...100).map(Double.init)
        let interval = try #require(OrderStatisticInterval(count: 100, p: 0.5))
        #expect(interval.bounds(sorted) == (lower: 40, upper: 61))
        #expect(OrderStatisticInterval(count: 0, p: 0.5) == nil)
    }
}

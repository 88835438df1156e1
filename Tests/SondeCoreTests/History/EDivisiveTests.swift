import Testing
@testable import SondeCore

struct EDivisiveTests {
    // Q̂(τ) = mk/(m+k)·(2·mean|a−b| − mean_{i≠j}|aᵢ−aⱼ| − mean_{i≠j}|bᵢ−bⱼ|) for every split:
    // python3 -c "
    // import numpy as np
    // x=np.array([1.0,2.0,1.5,1.2,5.0,6.0,5.5,4.8,5.2])
    // def q(t):
    //     a,b=x[:t],x[t:];m,k=len(a),len(b)
    //     cross=np.abs(a[:,None]-b[None,:]).mean()
    //     wa=np.abs(a[:,None]-a[None,:]).sum()/(m*(m-1)); wb=np.abs(b[:,None]-b[None,:]).sum()/(k*(k-1))
    //     return m*k/(m+k)*(2*cross-wa-wb)
    // print({t:q(t) for t in range(2,len(x)-1)})"
    // -> {2: 3.9555555555555553, 3: 8.115555555555556, 4: 14.711111111111109, 5: 9.11111111111111,
    //     6: 4.879999999999999, 7: 2.474074074074073}
    @Test func bestSplitMaximisesTheEnergyStatisticAsNumpyComputesIt() throws {
        let x = [1.0, 2.0, 1.5, 1.2, 5.0, 6.0, 5.5, 4.8, 5.2]
        let best = try #require(EDivisive.bestSplit(x, minimumSize: 2))
        #expect(best.index == 4)
        #expect(isClose(best.statistic, 14.711111111111109, relative: 1e-12))
        // With three values required on each side the split at 4 is still allowed and best.
        #expect(EDivisive.bestSplit(x, minimumSize: 3)?.index == 4)
    }

    @Test func aSegmentTooShortHasNoSplit() {
        #expect(EDivisive.bestSplit([1, 2, 3, 4, 5], minimumSize: 3) == nil)
        #expect(EDivisive.bestSplit([1, 2, 3, 4, 5, 6], minimumSize: 3) != nil)
    }

    @Test func theStatisticOfEverySplitPeaksAtTheBestSplit() throws {
        let x: [Double] = [3, 1, 4, 1, 5, 9, 12, 10, 13, 11, 12, 14]
        let best = try #require(EDivisive.bestSplit(x, minimumSize: 2))
        let all = x.withUnsafeBufferPointer { EDivisive.statistics($0, splits: 2...10) }
        #expect(all.count == 9)
        let peak = all.indices.max { all[$0] < all[$1] }!
        #expect(peak + 2 == best.index && all[peak] == best.statistic)
    }
}

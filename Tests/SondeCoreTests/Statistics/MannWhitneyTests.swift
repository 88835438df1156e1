import Testing
@testable import SondeCore

struct MannWhitneyTests {
    static let x: [Double] = [1, 2, 2, 3, 3, 3, 4, 5, 5, 9.5]
    static let y: [Double] = [2, 3, 3, 4, 6, 6, 7, 8, 8, 8, 10, 11]

    // python3 -c "import scipy.stats as st; x=[1,2,2,3,3,3,4,5,5,9.5]; y=[2,3,3,4,6,6,7,8,8,8,10,11];
    //   r=st.mannwhitneyu(x,y,alternative='two-sided',method='asymptotic'); print(repr(r.statistic), repr(r.pvalue));
    //   r=st.mannwhitneyu(y,x,alternative='two-sided',method='asymptotic'); print(repr(r.statistic), repr(r.pvalue))"
    // -> 28.5 0.03918795321798304
    // -> 91.5 0.03918795321798304
    @Test func tiesMatchScipy() {
        let r = MannWhitney.test(Self.x, Self.y)
        #expect(r.u == 28.5)
        #expect(isClose(r.pValue, 0.03918795321798304))
        let s = MannWhitney.test(Self.y, Self.x)
        #expect(s.u == 91.5)
        #expect(isClose(s.pValue, 0.03918795321798304))
        let sorted = MannWhitney.test(sortedX: Self.x.sorted(), sortedY: Self.y.sorted())
        #expect(sorted.u == r.u && sorted.pValue == r.pValue)
    }

    @Test func identicalConstantSamplesGiveOne() {
        #expect(MannWhitney.test([1, 1, 1], [1, 1]).pValue == 1)
    }
}

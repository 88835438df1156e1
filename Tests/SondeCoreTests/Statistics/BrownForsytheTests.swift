import Testing
@testable import SondeCore

struct BrownForsytheTests {
    static let a = [10.1, 10.4, 9.8, 10.0, 10.2, 10.3, 9.9, 10.0]
    static let b = [9.0, 12.5, 10.0, 11.7, 8.2, 13.1, 10.0, 9.5, 12.0]
    static let c = [10.0, 10.0, 10.5, 10.5, 11.0, 30.0, 10.2]

    // python3 -c "import scipy.stats as st; a=[10.1,10.4,9.8,10.0,10.2,10.3,9.9,10.0];
    //   b=[9.0,12.5,10.0,11.7,8.2,13.1,10.0,9.5,12.0]; r=st.levene(a,b,center='median');
    //   print(repr(r.statistic), repr(r.pvalue))"
    // -> 10.041474724323999 0.006356740320824006
    @Test func twoGroupsMatchScipy() {
        let r = BrownForsythe.test([Self.a, Self.b])
        #expect(isClose(r.statistic, 10.041474724323999))
        #expect(isClose(r.pValue, 0.006356740320824006))
    }

    // python3 -c "import scipy.stats as st; (a, b as above); c=[10.0,10.0,10.5,10.5,11.0,30.0,10.2];
    //   r=st.levene(a,b,c,center='median'); print(repr(r.statistic), repr(r.pvalue))"
    // -> 0.9997767623584637 0.3848122047725941
    @Test func threeGroupsWithTiesMatchScipy() {
        let r = BrownForsythe.test([Self.a, Self.b, Self.c])
        #expect(isClose(r.statistic, 0.9997767623584637))
        #expect(isClose(r.pValue, 0.3848122047725941))
    }

    @Test func ordersOfGroupsDoNotMatter() {
        let r1 = BrownForsythe.test([Self.a, Self.b, Self.c])
        let r2 = BrownForsythe.test([Self.c, Self.a, Self.b])
        #expect(isClose(r1.statistic, r2.statistic, relative: 1e-12))
    }
}

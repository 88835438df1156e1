import Testing
@testable import SondeCore

@Suite struct FisherExactTests {
    /// scipy 1.17.1:
    /// python3 -c "from scipy.stats import fisher_exact
    /// for t in [[[8,2],[1,5]], [[99,1],[60,40]], [[50,0],[50,0]], [[100,0],[97,3]], [[3,1],[1,3]], [[40,10],[30,20]]]:
    ///     print(t, fisher_exact(t, alternative='greater')[1], fisher_exact(t)[1])"
    static let cases: [(table: [Int], greater: Double, twoSided: Double)] = [
        ([8, 2, 1, 5], 0.024475524475524483, 0.034965034965034975),
        ([99, 1, 60, 40], 1.7432904616517284e-13, 3.486580923303457e-13),
        ([50, 0, 50, 0], 1.0, 1.0),
        ([100, 0, 97, 3], 0.12311557788944724, 0.24623115577889448),
        ([3, 1, 1, 3], 0.24285714285714283, 0.48571428571428565),
        ([40, 10, 30, 20], 0.024290815806470478, 0.04858163161294097),
    ]

    @Test(arguments: cases.indices)
    func matchesScipy(index: Int) {
        let (t, greater, twoSided) = Self.cases[index]
        let g = FisherExact.pValue(t[0], t[1], t[2], t[3], alternative: .greater)
        let s = FisherExact.pValue(t[0], t[1], t[2], t[3], alternative: .twoSided)
        #expect(abs(g - greater) <= 1e-9 * max(greater, 1e-300) + 1e-15, "greater \(g) vs \(greater)")
        #expect(abs(s - twoSided) <= 1e-9 * max(twoSided, 1e-300) + 1e-15, "two-sided \(s) vs \(twoSided)")
    }

    /// `less` of a table is `greater` of the table with its rows swapped.
    @Test func lessIsGreaterWithTheRowsSwapped() {
        let less = FisherExact.pValue(1, 5, 8, 2, alternative: .less)
        #expect(abs(less - 0.024475524475524483) < 1e-12)
    }
}

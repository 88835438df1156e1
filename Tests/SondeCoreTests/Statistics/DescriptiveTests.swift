import Testing
@testable import SondeCore

struct DescriptiveTests {
    // python3 -c "import numpy as np, scipy.stats as st; y=[12.5,10.0,11.25,30.0,10.0,10.5,10.0,95.0];
    //   print(repr(np.mean(y)), repr(np.std(y,ddof=1)), repr(np.std(y,ddof=1)/np.mean(y)),
    //         repr(st.median_abs_deviation(y)), repr(st.iqr(y)))"
    // -> 23.65625 29.619291945573966 1.2520704653346988 0.875 6.875
    // (quantiles of y: see QuantileTests.matchesNumpyOnSkewedLatencies)
    @Test func matchesNumpyAndScipy() throws {
        let d = try #require(Descriptive([12.5, 10.0, 11.25, 30.0, 10.0, 10.5, 10.0, 95.0]))
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * Swift.max(1, abs(b)) }
        #expect(d.count == 8)
        #expect(close(d.mean, 23.65625))
        #expect(close(d.standardDeviation, 29.619291945573966))
        #expect(close(d.coefficientOfVariation, 1.2520704653346988))
        #expect(d.min == 10.0 && d.max == 95.0)
        #expect(close(d.p25, 10.0) && close(d.p50, 10.875) && close(d.p75, 16.875))
        #expect(close(d.p90, 49.499999999999986) && close(d.p99, 90.44999999999999))
        #expect(close(d.p999, 94.54500000000002))
        #expect(close(d.iqr, 6.875))
        #expect(close(d.mad, 0.875))
    }

    // python3 -c "import numpy as np, scipy.stats as st; x=[3.0,1.0,4.0,1.0,5.0,9.0,2.0,6.0,5.0,3.0,5.0];
    //   print(np.mean(x), np.std(x,ddof=1), np.std(x,ddof=1)/np.mean(x), st.median_abs_deviation(x), st.iqr(x))"
    // -> 4.0 2.3664319132398464 0.5916079783099616 1.0 2.5
    @Test func handlesTies() throws {
        let d = try #require(Descriptive([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]))
        #expect(abs(d.mean - 4.0) < 1e-12)
        #expect(abs(d.standardDeviation - 2.3664319132398464) < 1e-12)
        #expect(abs(d.coefficientOfVariation - 0.5916079783099616) < 1e-12)
        #expect(d.mad == 1.0)
        #expect(d.iqr == 2.5)
    }

    @Test func emptyIsNilAndSingleHasZeroSpread() throws {
        #expect(Descriptive([]) == nil)
        let d = try #require(Descriptive([42]))
        #expect(d.count == 1 && d.standardDeviation == 0 && d.mad == 0 && d.p999 == 42)
        #expect(d.coefficientOfVariation == 0)
    }

    @Test func largeOffsetKeepsPrecision() throws {
        // Values near 1e9 µs with spread 1: a one-pass sum of squares would lose it.
        let d = try #require(Descriptive([1e9 + 1, 1e9 + 2, 1e9 + 3]))
        #expect(abs(d.standardDeviation - 1.0) < 1e-9)
    }
}

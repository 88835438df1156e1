import Testing
@testable import SondeCore

struct QuantileTests {
    // python3 -c "import numpy as np; x=[3.0,1.0,4.0,1.0,5.0,9.0,2.0,6.0,5.0,3.0,5.0];
    //   print([repr(float(np.quantile(x,p))) for p in [0,0.1,0.25,0.5,0.75,0.9,0.99,0.999,1]])"
    // -> ['1.0', '1.0', '2.5', '4.0', '5.0', '6.0', '8.700000000000001', '8.97', '9.0']
    @Test func matchesNumpyLinearWithTies() {
        let x: [Double] = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
        let ps = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1]
        let expected = [1.0, 1.0, 2.5, 4.0, 5.0, 6.0, 8.700000000000001, 8.97, 9.0]
        for (p, e) in zip(ps, expected) {
            #expect(abs(Quantile.of(x, p) - e) <= 1e-12 * Swift.max(1, abs(e)), "p=\(p)")
        }
    }

    // python3 -c "import numpy as np; y=[12.5,10.0,11.25,30.0,10.0,10.5,10.0,95.0];
    //   print([repr(float(np.quantile(y,p))) for p in [0.25,0.5,0.75,0.9,0.99,0.999]])"
    // -> ['10.0', '10.875', '16.875', '49.499999999999986', '90.44999999999999', '94.54500000000002']
    @Test func matchesNumpyOnSkewedLatencies() {
        let y = [12.5, 10.0, 11.25, 30.0, 10.0, 10.5, 10.0, 95.0]
        let sorted = y.sorted()
        let ps = [0.25, 0.5, 0.75, 0.9, 0.99, 0.999]
        let expected = [10.0, 10.875, 16.875, 49.499999999999986, 90.44999999999999, 94.54500000000002]
        for (p, e) in zip(ps, expected) {
            #expect(abs(Quantile.ofSorted(sorted, p) - e) <= 1e-12 * abs(e), "p=\(p)")
        }
    }

    @Test func singleValueIsEveryQuantile() {
        for p in [0, 0.5, 1.0] { #expect(Quantile.of([7.5], p) == 7.5) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import SondeCore

struct HarrellDavisTests {
    // python3 -c "from scipy.stats.mstats import hdquantiles; x=[3.0,1.0,4.0,1.0,5.0,9.0,2.0,6.0,5.0,3.0,5.0];
    //   print([repr(float(v)) for v in hdquantiles(x,prob=[0.1,0.5,0.9,0.99])])"
    // -> ['1.2013319658773685', '3.9492756813662497', '7.530843820927379', '8.91862025628529']
    @Test func matchesScipyWithTies() {
        let x: [Double] = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
        let expected = [(0.1, 1.2013319658773685), (0.5, 3.9492756813662497), (0.9, 7.530843820927379),
                        (0.99, 8.91862025628529)]
        for (p, e) in expected { #expect(isClose(HarrellDavis.quantile(x, p), e, relative: 1e-10), "p=\(p)") }
    }

    // python3 -c "from scipy.stats.mstats import hdquantiles; y=[12.5,10.0,11.25,30.0,10.0,10.5,10.0,95.0];
    //   print([repr(float(v)) for v in hdquantiles(y,prob=[0.5,0.9,0.99])])"
    // -> ['12.328553840040016', '74.05089842695303', '93.81145454358183']
    @Test func matchesScipyOnSkewedLatencies() {
        let y = [12.5, 10.0, 11.25, 30.0, 10.0, 10.5, 10.0, 95.0]
        let expected = [(0.5, 12.328553840040016), (0.9, 74.05089842695303), (0.99, 93.81145454358183)]
        for (p, e) in expected { #expect(isClose(HarrellDavis.quantile(y, p), e, relative: 1e-10), "p=\(p)") }
    }

    // python3 -c "import numpy as np; from scipy.stats.mstats import hdquantiles;
    //   z=[float(1000*np.exp(0.3*np.sin(i*1.7)+0.001*i)) for i in range(1000)];
    //   print([repr(float(v)) for v in hdquantiles(z,prob=[0.5,0.9,0.99])])"
    // -> ['1647.9828694283774', '2697.829748747599', '3432.974306034096']
    @Test func matchesScipyAtGateSize() {
        let z = (0..<1000).map { i in 1000 * exp(0.3 * sin(Double(i) * 1.7) + 0.001 * Double(i)) }
        let expected = [(0.5, 1647.9828694283774), (0.9, 2697.829748747599), (0.99, 3432.974306034096)]
        for (p, e) in expected { #expect(isClose(HarrellDavis.quantile(z, p), e, relative: 1e-9), "p=\(p)") }
    }

    /// The multiplicity form used by the bootstrap equals the estimate on the expanded sample.
    @Test func countsFormMatchesExpandedSample() {
        let sorted: [Double] = [1, 2, 3, 5, 8]
        let counts: [UInt8] = [0, 2, 1, 0, 2]
        let hd = HarrellDavis(p: 0.9, count: 5)
        let viaCounts = sorted.withUnsafeBufferPointer { x in counts.withUnsafeBufferPointer { hd.estimate(sorted: x, counts: $0) } }
        #expect(isClose(viaCounts, hd.estimate(sorted: [2, 2, 3, 8, 8]), relative: 1e-14))
    }
}

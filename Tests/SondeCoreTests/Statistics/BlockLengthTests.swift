import Testing
@testable import SondeCore

struct BlockLengthTests {
    /// AR(1) with coefficient `phi` driven by a 64-bit LCG, reproducible bit for bit in Python.
    static func ar1(_ phi: Double, n: Int = 600) -> [Double] {
        var s: UInt64 = 12345
        var x = [Double](repeating: 0, count: n)
        for t in 0..<n {
            s = s &* 6364136223846793005 &+ 1442695040888963407
            let e = Double(s >> 11) / 0x1p53 - 0.5
            if t > 0 { x[t] = phi * x[t - 1] + e }
        }
        return x
    }

    // python3 -c "import numpy as np; from arch.bootstrap import optimal_block_length  # arch 8.0.0
    //   n=600; s=12345; e=[]
    //   for t in range(n): s=(s*6364136223846793005+1442695040888963407)%(2**64); e.append((s>>11)/2**53-0.5)
    //   x=[0.0]*n
    //   for t in range(1,n): x[t]=PHI*x[t-1]+e[t]
    //   print(repr(optimal_block_length(np.array(x))['circular'].iloc[0]))"
    // -> PHI=0.7: 15.444615252358824   PHI=0.95: 40.42567459607926
    @Test func matchesArchOnAR1() {
        #expect(isClose(BlockLength.politisWhite(Self.ar1(0.7)), 15.444615252358824, relative: 1e-9))
        #expect(isClose(BlockLength.politisWhite(Self.ar1(0.95)), 40.42567459607926, relative: 1e-9))
    }

    // python3 -c "import numpy as np; from arch.bootstrap import optimal_block_length;
    //   y=np.array([3.0,1,4,1,5,9,2,6,5,3,5,8,9,7,9,3,2,3,8,4,6,2,6,4,3,3,8,3,2,7,9,5,0,2,8,8,4,1,9,7]);
    //   print(repr(optimal_block_length(y)['circular'].iloc[0]))"
    // -> 1.0945671295498105
    @Test func matchesArchOnShortSeriesWithTies() {
        let y: [Double] = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7,
                           9, 5, 0, 2, 8, 8, 4, 1, 9, 7]
        #expect(isClose(BlockLength.politisWhite(y), 1.0945671295498105, relative: 1e-9))
    }

    @Test func automaticTakesTheLongestAndChoosesBlocksForDependentSeries() {
        #expect(BlockLength.automatic(for: [Self.ar1(0.7), Self.ar1(0.95)]) == 41)
        #expect(BootstrapMethod.automatic(for: [Self.ar1(0.0), Self.ar1(0.7)]) == .movingBlock(blockLength: 16))
    }
}

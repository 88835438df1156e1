import Foundation
import Testing
@testable import SondeCore

struct CheckpointAdviceTests {
    static let job = CheckpointJob(length: .seconds(40 * 3600), checkpointCost: .seconds(300), restartCost: .seconds(300))

    // M = 10 h, delta = R = 5 min, T_s = 40 h, by hand from the papers' formulas:
    // python3 -c "import math; M=36000.;d=300.;R=300.;L=144000.; y=math.sqrt(2*d*M); x=d/(2*M);
    //   t=math.sqrt(2*d*M)*(1+math.sqrt(x)/3+x/9)-d; s=t+d; print(y, t, M*math.exp(R/M)*(math.exp(s/M)-1)*L/t,
    //   M-s/(math.exp(s/M)-1)+R, math.exp(-L/M), M*math.exp(R/M)*(math.exp(L/M)-1))"
    // -> 4647.580015448901 4449.73167286346 165684.38122680664 2622.658872267384 0.01831563888873418 1945680.0303837298
    @Test func youngAndDalyMatchTheirFormulas() {
        let advice = CheckpointAdvice(job: Self.job, mtbfUs: 36_000e6, basis: "point")
        #expect(isClose(advice.youngIntervalUs, 4647.580015448901e6, relative: 1e-12))
        #expect(isClose(advice.dalyIntervalUs, 4449.73167286346e6, relative: 1e-12))
        #expect(isClose(advice.expectedCompletionUs, 165684.38122680664e6, relative: 1e-9))
        #expect(isClose(advice.expectedLossPerInterruptionUs, 2622.658872267384e6, relative: 1e-9))
        #expect(isClose(advice.completionProbabilityWithoutCheckpoints, 0.01831563888873418, relative: 1e-12))
        #expect(isClose(advice.expectedCompletionWithoutCheckpointsUs, 1945680.0303837298e6, relative: 1e-9))
    }

    /// The example: at an MTBF of 34.15 h a 40-hour job completes uninterrupted with probability 0.31.
    @Test func fortyHourJobAtThirtyFourHours() {
        let advice = CheckpointAdvice(job: Self.job, mtbfUs: 34.15 * 3600e6, basis: "point")
        #expect(abs(advice.completionProbabilityWithoutCheckpoints - 0.31) < 0.001)
    }

    /// Known truth by brute force: Daly's interval lands within 0.1% of the true minimum of his
    /// expected-time function, and beats Young's first-order interval, for short and long MTBFs.
    @Test func dalyIntervalIsNearTheNumericalOptimum() {
        for mtbfS in [1800.0, 36_000, 360_000] {
            let m = mtbfS * 1e6
            let delta = 300e6, restart = 300e6, work = 144_000e6
            func wallClock(_ tau: Double) -> Double {
                CheckpointAdvice.expectedWallClock(workUs: work, intervalUs: tau, checkpointCostUs: delta, restartUs: restart, mtbfUs: m)
            }
            var best = Double.infinity
            var tau = 1e6
            while tau < 10 * m { best = min(best, wallClock(tau)); tau *= 1.0005 }
            let daly = CheckpointAdvice.daly(checkpointCostUs: delta, mtbfUs: m)
            let young = CheckpointAdvice.young(checkpointCostUs: delta, mtbfUs: m)
            #expect(wallClock(daly) <= best * 1.001, "M \(mtbfS) s: Daly \(wallClock(daly)) vs optimum \(best)")
            #expect(wallClock(daly) <= wallClock(young), "M \(mtbfS) s")
        }
    }

    @Test func checkpointCostAboveTwiceTheMTBFFallsBackToTheMTBF() {
        #expect(CheckpointAdvice.daly(checkpointCostUs: 300, mtbfUs: 100) == 100)
    }
}

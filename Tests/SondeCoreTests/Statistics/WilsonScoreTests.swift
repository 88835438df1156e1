import Testing
@testable import SondeCore

struct WilsonScoreTests {
    // By formula: python3 -c "from scipy.stats import norm; import math
    // for x,n,lev in [(0,1000,0.005),(5,1000,0.005),(12,1000,0.005),(3,200,0.025),(50,50,0.005),(0,10,0.05)]:
    //     z=norm.ppf(1-lev); p=x/n; c=p+z*z/(2*n); h=z*math.sqrt(p*(1-p)/n+z*z/(4*n*n)); d=1+z*z/n
    //     print(x,n,lev,repr(max(0,(c-h)/d)),repr(min(1,(c+h)/d)))"
    @Test func matchesTheFormula() {
        let cases: [(Int, Int, Double, Double, Double)] = [
            (0, 1000, 0.005, 0, 0.0065911649034068286),
            (5, 1000, 0.005, 0.0016720441109838453, 0.014853209143388916),
            (12, 1000, 0.005, 0.005809541614776806, 0.024623435330948257),
            (3, 200, 0.025, 0.005114237793258312, 0.04316572879269027),
            (50, 50, 0.005, 0.882847908282372, 1),
            (0, 10, 0.05, 0, 0.21294197008340698),
        ]
        for (x, n, level, lower, upper) in cases {
            #expect(isClose(WilsonScore.lowerBound(successes: x, trials: n, level: level), lower, relative: 1e-9), "\(x)/\(n)")
            #expect(isClose(WilsonScore.upperBound(successes: x, trials: n, level: level), upper, relative: 1e-9), "\(x)/\(n)")
            #expect(GateStatistics.proportionUpperBound(failures: x, attempts: n, level: level)
                    == WilsonScore.upperBound(successes: x, trials: n, level: level))
        }
    }
}

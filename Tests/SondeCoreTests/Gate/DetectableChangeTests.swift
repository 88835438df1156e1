#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import SondeCore

struct DetectableChangeTests {
    /// Replicates spread evenly over ±√3 (sd 1 up to the n − 1 divisor): the formulas by hand.
    @Test func followsTheNormalShiftFormula() throws {
        let reps = (0..<2001).map { (Double($0) / 2000 - 0.5) * 2 * 3.0.squareRoot() * 0.05 }
        let d = try #require(DetectableChange(replicates: reps, level: 0.005, baselineCount: 1000, candidateCount: 1000))
        // python3 -c "import numpy as np; r=(np.arange(2001)/2000-.5)*2*np.sqrt(3)*.05; print(repr(np.std(r, ddof=1)), repr(np.quantile(r,.995)))"
        // -> 0.050037498438670974 0.08573651497465942
        #expect(isClose(d.spread, 0.050037498438670974, relative: 1e-9))
        #expect(isClose(d.criticalIncrease, 0.08573651497465942, relative: 1e-9))
        // python3 -c "from scipy.stats import norm; import numpy as np; print(repr(np.expm1(0.08573651497465942 + norm.ppf(.8)*0.050037498438670974)))"
        // -> 0.1363815508521522
        #expect(isClose(d.testIncrease, 0.1363815508521522, relative: 1e-9))
        // A limit above the test's own threshold decides: exp(log 1.2 + z·s) − 1.
        #expect(isClose(try #require(d.forRule(.maxIncrease(0.2))), 1.2 * exp(NormalDistribution.quantile(0.8) * d.spread) - 1,
                        relative: 1e-12))
        #expect(d.resolves(.maxIncrease(0.2)))
        #expect(!d.resolves(.maxIncrease(0.1)))
        // At the pilot's own detectable change the pilot's size suffices; half the change needs ~4x.
        #expect(d.samplesPerSide(toDetect: d.testIncrease) == 1000)
        let half = try #require(d.samplesPerSide(toDetect: exp(log1p(d.testIncrease) / 2) - 1))
        #expect(half == 4000 || half == 4001)
    }

    /// A pass says what it could have missed; few values say the limit is out of reach.
    @Test func passesSayWhatTheyCouldHaveSeen() {
        var rng = SeededGenerator(seed: 23)
        let sample = { (n: Int) in
            GateSample(totalsUs: (0..<n).map { _ in 40_000 * exp(0.2 * rng.normal()) }, throughputs: [], attempts: n, failures: 0)
        }
        let rules = GateRules(rules: [GateRules.Rule(metric: .p50Total, limit: .maxIncrease(0.10)),
                                      GateRules.Rule(metric: .p99Total, limit: .maxIncrease(0.10))])
        let many = GateEvaluator.evaluate(baseline: ["a": sample(300)], candidate: ["a": sample(300)], rules: rules,
                                          baselineName: "b", candidateName: "c")
        let p50 = many.outcomes[0]
        #expect(p50.status == .pass)
        #expect(p50.summary.contains("no change larger than +"))
        #expect(p50.summary.contains("in p50_total could have been missed with 80% probability"))
        #expect(!p50.summary.contains("cannot detect"))
        let few = GateEvaluator.evaluate(baseline: ["a": sample(40)], candidate: ["a": sample(40)], rules: rules,
                                         baselineName: "b", candidateName: "c")
        #expect(few.outcomes[1].summary.contains("cannot detect its own limit (+10.0%) with 40/40 values"))
    }

    /// `sonde plan`: four times the values for half the change, and the error rate refused.
    @Test func planScalesWithTheChange() throws {
        var rng = SeededGenerator(seed: 5)
        let pilot = GateSample(totalsUs: (0..<200).map { _ in 40_000 * exp(0.3 * rng.normal()) }, throughputs: [],
                               attempts: 200, failures: 0)
        let ten = try GatePlan(pilot: ["x": pilot], metric: .p50Total, change: 0.10, power: 0.8)
        let five = try GatePlan(pilot: ["x": pilot], metric: .p50Total, change: 0.05, power: 0.8)
        let n10 = Double(try #require(ten.rows.first).samplesPerSide), n5 = Double(try #require(five.rows.first).samplesPerSide)
        // (log 1.1 / log 1.05)² = 3.81
        #expect(abs(n5 / n10 - pow(log(1.1) / log(1.05), 2)) < 0.02)
        #expect(throws: GatePlan.Problem.self) { try GatePlan(pilot: ["x": pilot], metric: .errorRate, change: 0.1, power: 0.8) }
    }
}

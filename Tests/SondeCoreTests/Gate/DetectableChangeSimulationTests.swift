#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Testing
@testable import SondeCore

/// Whether the gate's "detectable change at 80% power" keeps its promise: from one fixed pilot
/// (an unchanged baseline/candidate pair of 1,000 values a side), the rule's detectable change is
/// computed once; then fresh pairs whose candidate is scaled by exactly that change must fail the
/// rule in 80% ± 4% of 1,000 repetitions (issue 23), on two families.
///
/// Run: SONDE_SIMULATION=1 swift test -c release --filter DetectableChangeSimulation
/// (SONDE_SIMULATION_REPS overrides the 1,000 repetitions while developing.)
@Suite("DetectableChangeSimulation", .tags(.simulation),
       .enabled(if: getenv("SONDE_SIMULATION").map { String(cString: $0) } == "1"))
struct DetectableChangeSimulationTests {
    static let n = 1000
    static let repetitions = getenv("SONDE_SIMULATION_REPS").flatMap { Int(String(cString: $0)) } ?? 1000
    static let level = GateStatistics.defaultLevel

    /// The pilot's detectable change for `rule` (quantile p), and the failure rate of that rule
    /// over fresh pairs whose candidate is scaled by it.
    static func validate(_ model: MixtureLatencyModel, p: Double, limit: Double, seed: UInt64, label: String)
        -> (detectable: Double, rate: Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        var rng = SeededGenerator(seed: seed, stream: 1 << 32)
        let pilot = GateStatistics.quantileChange(baseline: model.sample(n, &rng), candidate: model.sample(n, &rng), p: p,
                                                  level: level, seed: seed)
        guard let d = pilot.detectable, let change = d.forRule(.maxIncrease(limit)) else { return (.nan, .nan) }
        var fails = 0
        for rep in 0..<repetitions {
            var rng = SeededGenerator(seed: seed, stream: UInt64(rep))
            let b = model.sample(n, &rng)
            let c = model.sample(n, &rng).map { $0 * (1 + change) }
            let q = GateStatistics.quantileChange(baseline: b, candidate: c, p: p, level: level, seed: UInt64(rep))
            if GateEvaluator.judge(q, limit: .maxIncrease(limit), level: level) == .regression { fails += 1 }
        }
        let rate = Double(fails) / Double(repetitions)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("[detectable-simulation] \(label): pilot detectable +\(String(format: "%.2f", change * 100))% "
              + "(test alone +\(String(format: "%.2f", d.testIncrease * 100))%, s \(String(format: "%.4f", d.spread)), "
              + "c \(String(format: "%.4f", d.criticalIncrease))); fails \(fails)/\(repetitions) = \(rate) "
              + "(\(String(format: "%.1f", seconds)) s)")
        return (change, rate)
    }

    @Test("log-normal sigma 0.3, p99 +10%: fails 80% +- 4% at the detectable change")
    func sigma03p99() {
        let r = Self.validate(.logNormal(sigma: 0.3), p: 0.99, limit: 0.10, seed: 2301, label: "log-normal sigma 0.3, p99 +10%")
        #expect(abs(r.rate - 0.8) <= 0.04, "\(r)")
    }

    @Test("log-normal sigma 0.5, p90 +10%: fails 80% +- 4% at the detectable change")
    func sigma05p90() {
        // Measured 2026-12-05: pilot +14.53% (s 0.0403, c 0.1017), fails 839/1000 = 0.839, at the
        // band's upper edge (scripts/stats/detectable-change.sh ln0.5 0.9 0.10 2304 1000).
        let r = Self.validate(.logNormal(sigma: 0.5), p: 0.9, limit: 0.10, seed: 2304, label: "log-normal sigma 0.5, p90 +10%")
        #expect(abs(r.rate - 0.8) <= 0.04, "\(r)")
    }

    @Test("log-normal sigma 0.5, p99 +10%: fails 80% +- 4% at the detectable change")
    func sigma05p99() {
        let r = Self.validate(.logNormal(sigma: 0.5), p: 0.99, limit: 0.10, seed: 2302, label: "log-normal sigma 0.5, p99 +10%")
        // Measured 2026-12-04: 0.954; this pilot's permutation spread (0.095) overstates the sampling
        // spread of log p99 (~0.075, from the x1.2 power in docs/statistics.md). Known shortfall.
        withKnownIssue("sigma 0.5 p99: measured \(r.rate)") { #expect(abs(r.rate - 0.8) <= 0.04, "\(r)") }
    }

    @Test("2% spikes x10 on sigma 0.25, p90 +5%: fails 80% +- 4% at the detectable change")
    func spikesP90() {
        let r = Self.validate(.mixture(sigma: 0.25, share: 0.02, factor: 10), p: 0.9, limit: 0.05, seed: 2303,
                              label: "2% spikes x10, p90 +5%")
        // Measured 2026-12-04: 0.732, under the band: the spread of T* under the alternative
        // (pooled values of two scales) is wider than at the pilot. Known shortfall.
        withKnownIssue("spikes p90: measured \(r.rate)") { #expect(abs(r.rate - 0.8) <= 0.04, "\(r)") }
    }
}

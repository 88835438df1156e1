#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Testing
@testable import SondeCore

/// Known-truth error rates of the gate's decision rule: for `max_increase: L`, FAIL iff
/// ratio.point > 1 + L and pIncrease < level (symmetric for `max_decrease`). A/A runs (same
/// law both sides) must fail each rule in at most 1% of repetitions; a candidate with every
/// latency ×1.2 must fail the p99 rule (σ 0.3) in ≥ 90% and the p50 rule (σ 0.5) in ≥ 95%.
///
/// Run: SONDE_SIMULATION=1 swift test -c release --filter Simulation
@Suite("GateSimulation", .tags(.simulation), .enabled(if: getenv("SONDE_SIMULATION").map { String(cString: $0) } == "1"))
struct GateSimulationTests {
    static let n = 1000
    /// Repetitions for power. A/A rates are measured over twice as many: the permutation test's
    /// exact size is the level (0.5%), and a 0.5% rate measured over 500 repetitions exceeds 1%
    /// about 4% of the time (P(X ≥ 6), X ~ Binomial(500, 0.005)), over 1,000 about 1.4%.
    static let repetitions = 500
    static let aaRepetitions = 1000
    static let level = GateStatistics.defaultLevel
    static let errorRate = 0.005

    /// One rule's failures over the repetitions.
    struct Rates: CustomStringConvertible {
        var names: [String] = []
        var fails: [Int] = []
        var reps = 0
        mutating func record(_ name: String, _ failed: Bool) {
            if let i = names.firstIndex(of: name) {
                fails[i] += failed ? 1 : 0
            } else {
                names.append(name)
                fails.append(failed ? 1 : 0)
            }
        }
        func rate(_ name: String) -> Double { Double(fails[names.firstIndex(of: name)!]) / Double(reps) }
        var description: String {
            zip(names, fails).map { "\($0) \(Double($1) / Double(reps))" }.joined(separator: ", ")
        }
    }

    static func increase(_ c: MetricChange, _ limit: Double) -> Bool { c.ratio.point > 1 + limit && c.pIncrease < level }
    static func decrease(_ c: MetricChange, _ limit: Double) -> Bool { c.ratio.point < 1 - limit && c.pDecrease < level }

    /// Every rule on `repetitions` pairs of runs; the candidate's latencies are multiplied by `scale`.
    static func run(_ model: MixtureLatencyModel, scale: Double, seed: UInt64) -> Rates {
        var rates = Rates()
        for rep in 0..<(scale == 1 ? aaRepetitions : repetitions) {
            var rng = SeededGenerator(seed: seed, stream: UInt64(rep))
            let b = model.sample(n, &rng)
            let c = model.sample(n, &rng).map { $0 * scale }
            let failB = (0..<n).reduce(0) { k, _ in k + (rng.unit() < errorRate ? 1 : 0) }
            let failC = (0..<n).reduce(0) { k, _ in k + (rng.unit() < errorRate ? 1 : 0) }
            let s = UInt64(rep)
            rates.reps += 1
            for p in [0.5, 0.9, 0.99] {
                let q = GateStatistics.quantileChange(baseline: b, candidate: c, p: p, level: level, seed: s)
                rates.record("p\(GateStatistics.percentLabel(p))+10%", increase(q, 0.10))
            }
            for m in [SpreadMeasure.variance, .iqr] {
                let v = GateStatistics.spreadChange(baseline: b, candidate: c, measure: m, level: level, seed: s)
                rates.record("\(m.rawValue)+50%", increase(v, 0.5))
            }
            let mean = GateStatistics.meanChange(baseline: b, candidate: c, level: level, seed: s)
            rates.record("mean-5%", decrease(mean, 0.05))
            let e = GateStatistics.proportionChange(baselineFailures: failB, baselineAttempts: n, candidateFailures: failC,
                                                    candidateAttempts: n, level: level)
            rates.record("errors+0%", increase(e, 0))
            // Absolute limit 1%: fail only when the rate is significantly above it.
            let above = Double(failC) / Double(n) > 0.01
                && GateStatistics.proportionLowerBound(failures: failC, attempts: n, level: level) > 0.01
            rates.record("errors max 1%", above)
            // Not a gate rule: "upper bound above 1%" (not shown to be below), for contrast.
            rates.record("(errors upper bound > 1%)",
                         GateStatistics.proportionUpperBound(failures: failC, attempts: n, level: level) > 0.01)
        }
        return rates
    }

    static let gatedAA = ["p50+10%", "p90+10%", "p99+10%", "variance+50%", "iqr+50%", "mean-5%", "errors+0%", "errors max 1%"]

    static func timed(_ name: String, _ body: () -> Rates) -> Rates {
        let start = DispatchTime.now().uptimeNanoseconds
        let r = body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("[gate-simulation] \(name) (\(r.reps) reps, \(String(format: "%.1f", seconds)) s): failure rates \(r)")
        return r
    }

    static let episodes = MixtureLatencyModel.mixture(sigma: 0.25, share: 0.1, factor: 3, episode: 10)

    /// Targets the current method misses (see docs/statistics.md): recorded as known issues so
    /// the suite stays usable; remove an entry once the method reaches it. Empty since
    /// 2026-12-05: "episodes mean-5%" (block relabelling, 0.017) became 0.008 with the mean
    /// rule's batch-means t test on this suite's seed (`scripts/stats/gate-aa.sh 1000 1 c mean 303`).
    static let knownShortfalls: Set<String> = []

    static func check(_ key: String, _ rate: Double, _ ok: Bool) {
        if knownShortfalls.contains(key) {
            withKnownIssue("\(key): measured \(rate), target missed") { #expect(ok, "\(key) \(rate)") }
        } else {
            #expect(ok, "\(key) \(rate)")
        }
    }

    @Test("A/A log-normal sigma 0.3: every rule fails <= 1%")
    func aaSigma03() {
        let r = Self.timed("A/A log-normal sigma 0.3") { Self.run(.logNormal(sigma: 0.3), scale: 1, seed: 301) }
        for rule in Self.gatedAA { Self.check("sigma 0.3 \(rule)", r.rate(rule), r.rate(rule) <= 0.01) }
    }

    @Test("A/A log-normal sigma 0.5: every rule fails <= 1%")
    func aaSigma05() {
        let r = Self.timed("A/A log-normal sigma 0.5") { Self.run(.logNormal(sigma: 0.5), scale: 1, seed: 302) }
        for rule in Self.gatedAA { Self.check("sigma 0.5 \(rule)", r.rate(rule), r.rate(rule) <= 0.01) }
    }

    @Test("A/A slow episodes (10%, x3, mean 10 samples): every rule fails <= 1%")
    func aaEpisodes() {
        let r = Self.timed("A/A slow episodes (10%, x3, mean 10 samples)") { Self.run(Self.episodes, scale: 1, seed: 303) }
        for rule in Self.gatedAA { Self.check("episodes \(rule)", r.rate(rule), r.rate(rule) <= 0.01) }
    }

    @Test("x1.2 log-normal sigma 0.3: p99 rule fails >= 90%")
    func powerSigma03() {
        let r = Self.timed("x1.2 log-normal sigma 0.3") { Self.run(.logNormal(sigma: 0.3), scale: 1.2, seed: 304) }
        Self.check("power sigma 0.3 p99+10%", r.rate("p99+10%"), r.rate("p99+10%") >= 0.90)
    }

    @Test("x1.2 log-normal sigma 0.5: p50 rule fails >= 95%, p99 reported")
    func powerSigma05() {
        let r = Self.timed("x1.2 log-normal sigma 0.5") { Self.run(.logNormal(sigma: 0.5), scale: 1.2, seed: 305) }
        Self.check("power sigma 0.5 p50+10%", r.rate("p50+10%"), r.rate("p50+10%") >= 0.95)
    }

    @Test("x1.2 slow episodes: reported, not gated")
    func powerEpisodes() {
        _ = Self.timed("x1.2 slow episodes (not gated)") { Self.run(Self.episodes, scale: 1.2, seed: 306) }
    }
}

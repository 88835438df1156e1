#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import SondeCore
@testable import SondeEmulator

/// The gate's error rates on the calibrated default fleet's own distributions, drawn from the
/// emulator's `LatencyModel` (no network): for each provider, baseline and candidate are two
/// independent 1,000-request windows at 100 ms spacing (`sonde demo`'s cadence) from fleets with
/// their own seeds, so their slow episodes and spikes fall where they may. A/A: the same model
/// on both sides, every rule must fail in at most 1% of repetitions. Power: every candidate
/// latency ×1.2. Rules and decision as `GateSimulationTests` (level `GateStatistics.defaultLevel`).
///
/// Run: SONDE_SIMULATION=1 swift test -c release --filter FleetGateSimulation
@Suite("FleetGateSimulation", .enabled(if: getenv("SONDE_SIMULATION").map { String(cString: $0) } == "1"))
struct FleetGateSimulationTests {
    static let n = 1000
    /// As in `GateSimulationTests`: power over 500 repetitions, A/A over 1,000, so that a rule
    /// whose exact rate is the 0.5% level is not read as over the 1% budget by chance.
    static let repetitions = 500
    static let aaRepetitions = 1000
    static let level = GateStatistics.defaultLevel

    static func window(_ provider: EmulatedProviderSpec, seed: UInt64, n: Int = n) -> [Double] {
        let model = LatencyModel(provider, fleetSeed: seed)
        var clock = SplitMix64(seed: seed ^ 0xC10C)
        let start = Duration.milliseconds(Int64(clock.nextOpenUnit() * 36_000_000))
        var rng = SplitMix64(seed: SplitMix64.mix(seed &+ 17))
        return (0..<n).map { i in Double(model.delay(at: start + .milliseconds(100) * i, using: &rng).nanoseconds) / 1000 }
    }

    /// Failure rate of each rule for `provider`, candidate latencies multiplied by `scale`.
    static func rates(_ provider: EmulatedProviderSpec, scale: Double, seed: UInt64, n: Int = n,
                      repetitions: Int = repetitions) -> [(String, Double)] {
        var fails: [String: Int] = [:]
        var order: [String] = []
        func record(_ name: String, _ failed: Bool) {
            if fails[name] == nil { order.append(name) }
            fails[name, default: 0] += failed ? 1 : 0
        }
        for rep in 0..<repetitions {
            let b = window(provider, seed: SplitMix64.mix(seed &+ UInt64(2 * rep)), n: n)
            let c = window(provider, seed: SplitMix64.mix(seed &+ UInt64(2 * rep + 1)), n: n).map { $0 * scale }
            let s = UInt64(rep)
            for p in [0.5, 0.9, 0.99] {
                let q = GateStatistics.quantileChange(baseline: b, candidate: c, p: p, level: level, seed: s)
                record("p\(Int((p * 100).rounded()))+10%", q.ratio.point > 1.1 && q.pIncrease < level)
            }
            for m in [SpreadMeasure.variance, .iqr] {
                let v = GateStatistics.spreadChange(baseline: b, candidate: c, measure: m, level: level, seed: s)
                record("\(m.rawValue)+50%", v.ratio.point > 1.5 && v.pIncrease < level)
            }
            // Throughput-like mean: a higher latency is a lower rate, so gate the mean's increase.
            let mean = GateStatistics.meanChange(baseline: b, candidate: c, level: level, seed: s)
            record("mean+5%", mean.ratio.point > 1.05 && mean.pIncrease < level)
        }
        return order.map { ($0, Double(fails[$0]!) / Double(repetitions)) }
    }

    static func report(_ label: String, _ rates: [(String, Double)]) {
        print("[gate-simulation] default fleet, \(label): " + rates.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
    }

    /// Targets the method misses on this fleet, as "provider rule": recorded as known issues so
    /// the suite stays usable; none at present (docs/statistics.md has the figures).
    static let knownShortfalls: Set<String> = []

    @Test("A/A on each calibrated provider, 1,000 requests: every rule fails <= 1%")
    func aa() {
        for (index, provider) in FleetSpec.default.providers.enumerated() {
            let rates = Self.rates(provider, scale: 1, seed: 400 + UInt64(index), repetitions: Self.aaRepetitions)
            Self.report("A/A \(provider.name)", rates)
            for (rule, rate) in rates {
                let key = "\(provider.name) \(rule)"
                if Self.knownShortfalls.contains(key) {
                    withKnownIssue("A/A \(key): measured \(rate)") { #expect(rate <= 0.01, "A/A \(key) \(rate)") }
                } else {
                    #expect(rate <= 0.01, "A/A \(key) \(rate)")
                }
            }
        }
    }

    @Test("stress case: A/A on the uncompressed shape (one spike and one episode a window), reported")
    func aaUncompressed() {
        for provider in FleetCoverageSimulationTests.uncompressed.dropFirst() {
            Self.report("A/A \(provider.name), uncompressed shape, 200 reps (not gated)",
                        Self.rates(provider, scale: 1, seed: 450, repetitions: 200))
        }
    }

    @Test("x1.2 on each calibrated provider: reported")
    func power() {
        for (index, provider) in FleetSpec.default.providers.enumerated() {
            Self.report("x1.2 \(provider.name)", Self.rates(provider, scale: 1.2, seed: 500 + UInt64(index)))
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SondeCore
@testable import SondeEmulator
import Testing

/// The multi-run gate on the shipped slow-episode fleet (fleets/slow-episodes.yaml: episodes ×2
/// every 5 min on average, lasting 30 s), drawn from the emulator's own `LatencyModel` without
/// HTTP. A schedule of runs: 5-minute runs one every 6 minutes, with one latency request per
/// provider every 200 ms (`sonde schedule --every 6m`, `--duration 5m`); the first ten runs are the
/// baseline, the eleventh the candidate, gated with the default rules (p50 +10%, p99 +20%, error
/// rate max 1%) at the default level. Every repetition is a fleet with its own seed, observed from
/// a random point in a ten-hour timeline, so where the episodes fall is new each time.
///
/// A/A: nothing changes (every rule of every provider must fail ≤ 1% of 1,000 repetitions; the
/// gate as a whole, "any", is reported). Shorter runs (1 and 2 minutes) are reported: a run that
/// short catches two episodes often enough that ten baseline runs cannot have seen its like
/// (docs/statistics.md). Power: from the candidate's start the provider's body median is ×1.2 (the
/// emulator's planted `change`), caught by p50 in ≥ 95% of 500.
///
/// Run: SONDE_SIMULATION=1 swift test -c release --filter MultiRunGateSimulation
@Suite("MultiRunGateSimulation", .enabled(if: getenv("SONDE_SIMULATION").map { String(cString: $0) } == "1"))
struct MultiRunGateSimulationTests {
    static let baselineRuns = 10
    /// Repetitions scaled down for a quick look (`SONDE_SIMULATION_SCALE=0.05`); the figures in
    /// docs/statistics.md are at scale 1.
    static let scale = getenv("SONDE_SIMULATION_SCALE").flatMap { Double(String(cString: $0)) } ?? 1
    /// Start-to-start: every 5 minutes, or a minute after the previous run ended for longer runs.
    static func period(_ runSeconds: Double) -> Double { Swift.max(300, runSeconds + 60) }
    static let interval = 0.2

    /// Harrell–Davis weights for a run of n values, made once per (p, n): every run of a fault-free
    /// fleet has the same n, and the weights cost n incomplete-beta evaluations.
    final class Weights: @unchecked Sendable {
        private var cache: [String: HarrellDavis] = [:]
        func estimate(_ p: Double, _ sorted: [Double]) -> Double {
            let key = "\(p)/\(sorted.count)"
            if cache[key] == nil { cache[key] = HarrellDavis(p: p, count: sorted.count) }
            return cache[key]!.estimate(sorted: sorted)
        }
    }

    /// One run's per-run summary for every provider of `fleet` (seeded `seed`), starting
    /// `startSeconds` after the fleet started; `slowdown` plants a ×factor change of every body
    /// median from `startSeconds` on.
    static func run(_ index: Int, fleet: FleetSpec, seed: UInt64, startSeconds: Double, runSeconds: Double,
                    slowdown: Double?, weights: Weights) -> GateRunSummary {
        let requests = Int(runSeconds / interval)
        var providers: [GateRunSummary.ProviderSummary] = []
        for (p, spec) in fleet.providers.enumerated() {
            var spec = spec
            if let slowdown { spec.change = .init(after: .milliseconds(Int64(startSeconds * 1000)), medianFactor: slowdown) }
            let model = LatencyModel(spec, fleetSeed: seed)
            var rng = SplitMix64(seed: SplitMix64.mix(seed &+ UInt64(index) &* 7919 &+ UInt64(p)))
            // Providers' schedules are offset by interval / N, as the runner's are.
            let offset = interval * Double(p) / Double(fleet.providers.count)
            var totals = (0..<requests).map { i in
                Double(model.delay(at: .milliseconds(Int64((startSeconds + offset + interval * Double(i)) * 1000)), using: &rng)
                    .nanoseconds) / 1000
            }
            totals.sort()
            providers.append(.init(name: spec.name, attempts: requests, failures: 0, statistics: [
                "p50_total": weights.estimate(0.5, totals), "p99_total": weights.estimate(0.99, totals), "error_rate": 0,
            ]))
        }
        return GateRunSummary(runID: "run-\(index)", label: nil, vantage: nil,
                              startedNs: Int64(startSeconds * 1e9), providers: providers)
    }

    /// Failure rates per "provider rule" and of the whole gate ("any"), over `repetitions`.
    static func rates(fleet: FleetSpec, runSeconds: Double, slowdown: Double?, seed: UInt64,
                      repetitions: Int) -> [(String, Double)] {
        let weights = Weights()
        var fails: [String: Int] = [:]
        var order: [String] = []
        func record(_ name: String, _ failed: Bool) {
            if fails[name] == nil { order.append(name) }
            fails[name, default: 0] += failed ? 1 : 0
        }
        let repetitions = Swift.max(1, Int((Double(repetitions) * scale).rounded()))
        for rep in 0..<repetitions {
            let fleetSeed = SplitMix64.mix(seed &+ UInt64(rep))
            var clock = SplitMix64(seed: fleetSeed ^ 0xC10C)
            let start = clock.nextOpenUnit() * 36_000
            let runs = (0...baselineRuns).map { i in
                run(i, fleet: fleet, seed: fleetSeed, startSeconds: start + period(runSeconds) * Double(i), runSeconds: runSeconds,
                    slowdown: i == baselineRuns ? slowdown : nil, weights: weights)
            }
            let verdict = GateEvaluator.evaluate(runs: Array(runs.prefix(baselineRuns)), candidate: runs[baselineRuns],
                                                 rules: GateRules(), baselineName: "10 runs", candidateName: "candidate")
            for outcome in verdict.outcomes {
                record("\(outcome.provider) \(outcome.rule.metric.rawValue)", outcome.status == .regression)
            }
            record("any", !verdict.regressions.isEmpty)
        }
        return order.map { ($0, Double(fails[$0]!) / Double(repetitions)) }
    }

    static func report(_ label: String, _ rates: [(String, Double)]) {
        print("[multi-run-gate-simulation] \(label): " + rates.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
    }

    /// The gated schedule: 5-minute runs, one every 6 minutes.
    static let gatedRunSeconds = 300.0

    @Test("A/A, 5-minute runs, 10-run baselines: every rule fails <= 1% of 1,000; the whole gate reported")
    func aa() throws {
        let rates = Self.rates(fleet: try SlowEpisodesFleetTests.spec(), runSeconds: Self.gatedRunSeconds, slowdown: nil,
                               seed: 3000, repetitions: 1000)
        Self.report("A/A 5-minute runs", rates)
        for (rule, rate) in rates where rule != "any" { #expect(rate <= 0.01, "A/A \(rule) \(rate)") }
    }

    @Test("x1.2 body median in the candidate, 5-minute runs: p50 catches it in >= 95% of 500")
    func power() throws {
        let rates = Self.rates(fleet: try SlowEpisodesFleetTests.spec(), runSeconds: Self.gatedRunSeconds, slowdown: 1.2,
                               seed: 3100, repetitions: 500)
        Self.report("x1.2 5-minute runs", rates)
        for (rule, rate) in rates where rule.hasSuffix("p50_total") { #expect(rate >= 0.95, "x1.2 \(rule) \(rate)") }
    }

    @Test("shorter runs (1 and 2 minutes, every 5 minutes): reported, not gated")
    func shortRuns() throws {
        let fleet = try SlowEpisodesFleetTests.spec()
        for (seconds, seed) in [(120.0, UInt64(1800)), (60, 2000)] {
            Self.report("A/A \(Int(seconds)) s runs, 1,000 reps (not gated)",
                        Self.rates(fleet: fleet, runSeconds: seconds, slowdown: nil, seed: seed, repetitions: 1000))
            Self.report("x1.2 \(Int(seconds)) s runs, 500 reps (not gated)",
                        Self.rates(fleet: fleet, runSeconds: seconds, slowdown: 1.2, seed: seed + 100, repetitions: 500))
        }
    }
}

// Driver of scripts/stats/gate-window.sh: the opt-in GateWindowSimulationTests
// (Tests/SondeCoreTests/Gate/GateWindowSimulationTests.swift) outside the package, same seeds and
// data: the quantile test drawn in the rank window (`QuantileWindow`) against the same test drawn
// over every value, n = 20,000 a side, log-normal σ 0.3; the share of pairs with pIncrease below
// the default level, A/A (size) and with the candidate ×1.02 (power). The full path is
// WindowedQuantileChangeTests.full's: logScaleChange with Harrell–Davis over multiplicities.
// Usage: gate-window [AA-REPS [POWER-REPS]]   (default 1000 200, as the test)
#if canImport(Glibc)
import Glibc
#endif
import Dispatch

let args = CommandLine.arguments
let aaReps = args.count > 1 ? Int(args[1]) ?? 1000 : 1000
let powerReps = args.count > 2 ? Int(args[2]) ?? 200 : 200
let n = 20_000
let level = GateStatistics.defaultLevel

func full(_ b: [Double], _ c: [Double], p: Double, seed: UInt64) -> MetricChange {
    let hb = HarrellDavis(p: p, count: b.count), hc = HarrellDavis(p: p, count: c.count)
    return GateStatistics.logScaleChange(baseline: b, candidate: c, level: level, seed: seed, name: "full") {
        side, x, counts in (side == 0 ? hb : hc).estimate(sorted: x, counts: counts)
    }
}

func rates(scale: Double, repetitions: Int, full useFull: Bool, seed: UInt64) -> [Double: Int] {
    var rejections: [Double: Int] = [0.5: 0, 0.99: 0]
    let model = MixtureLatencyModel.logNormal(sigma: 0.3)
    for rep in 0..<repetitions {
        var rng = SeededGenerator(seed: seed, stream: UInt64(rep))
        let b = model.sample(n, &rng)
        let c = model.sample(n, &rng).map { $0 * scale }
        for p in [0.5, 0.99] {
            let change = useFull ? full(b, c, p: p, seed: UInt64(rep))
                : GateStatistics.windowedQuantileChange(baseline: b, candidate: c, p: p, level: level, seed: UInt64(rep))!
            rejections[p, default: 0] += change.pIncrease < level ? 1 : 0
        }
    }
    return rejections
}

func timed(_ name: String, reps: Int, _ body: () -> [Double: Int]) {
    let start = DispatchTime.now().uptimeNanoseconds
    let r = body()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print("[gate-window] \(name), \(reps) pairs (\((seconds * 10).rounded() / 10) s): p50 \(r[0.5]!)/\(reps), p99 \(r[0.99]!)/\(reps)")
    fflush(stdout)
}

timed("A/A windowed", reps: aaReps) { rates(scale: 1, repetitions: aaReps, full: false, seed: 401) }
timed("x1.02 windowed", reps: powerReps) { rates(scale: 1.02, repetitions: powerReps, full: false, seed: 402) }
timed("x1.02 full", reps: powerReps) { rates(scale: 1.02, repetitions: powerReps, full: true, seed: 402) }
if args.count > 3 { timed("A/A full", reps: aaReps) { rates(scale: 1, repetitions: aaReps, full: true, seed: 401) } }

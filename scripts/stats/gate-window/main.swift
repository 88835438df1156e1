// Driver of scripts/stats/gate-window.sh: GateWindowSimulation (Tests/SondeCoreTests/Gate/), the
// pairs of the opt-in GateWindowSimulationTests with the same seeds, outside the package: the gate's
// quantile test drawn in the rank window against the same test drawn over every value, n = 20,000 a
// side, log-normal σ 0.3; pairs with pIncrease below the default level, A/A (size) and with the
// candidate ×1.02 (power).
// Usage: gate-window [AA-REPS [POWER-REPS [full]]]   (default 1000 200, as the test; "full" adds
// A/A of the full test)
#if canImport(Glibc)
import Glibc
#endif
import Dispatch

let args = CommandLine.arguments
let aaReps = args.count > 1 ? Int(args[1]) ?? 1000 : 1000
let powerReps = args.count > 2 ? Int(args[2]) ?? 200 : 200

func timed(_ name: String, reps: Int, _ body: () -> [Double: Int]) {
    let start = DispatchTime.now().uptimeNanoseconds
    let r = body()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print("[gate-window] \(name), \(reps) pairs (\((seconds * 10).rounded() / 10) s): p50 \(r[0.5]!)/\(reps), p99 \(r[0.99]!)/\(reps)")
    fflush(stdout)
}

timed("A/A windowed", reps: aaReps) { GateWindowSimulation.rejections(scale: 1, repetitions: aaReps, full: false, seed: 401) }
timed("x1.02 windowed", reps: powerReps) { GateWindowSimulation.rejections(scale: 1.02, repetitions: powerReps, full: false, seed: 402) }
timed("x1.02 full", reps: powerReps) { GateWindowSimulation.rejections(scale: 1.02, repetitions: powerReps, full: true, seed: 402) }
if args.count > 3 { timed("A/A full", reps: aaReps) { GateWindowSimulation.rejections(scale: 1, repetitions: aaReps, full: true, seed: 401) } }

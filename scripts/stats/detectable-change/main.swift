// Driver of scripts/stats/detectable-change.sh: repeats DetectableChangeSimulationTests.validate
// (Tests/SondeCoreTests/Gate/) for one family. From one fixed pilot pair the quantile rule's
// detectable change at 80% power is computed once; fresh pairs whose candidate is scaled by it
// are then gated (regression iff ratio > 1 + limit and pIncrease < level, as GateEvaluator.judge).
// Usage: detectable-change FAMILY P LIMIT SEED REPS, FAMILY lnSIGMA (log-normal) or spikes.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let args = CommandLine.arguments
guard args.count == 6, let p = Double(args[2]), let limit = Double(args[3]), let seed = UInt64(args[4]),
      let reps = Int(args[5]) else {
    fputs("usage: detectable-change lnSIGMA|spikes P LIMIT SEED REPS\n", stderr)
    exit(64)
}
let family = args[1]
let model: MixtureLatencyModel = family.hasPrefix("ln")
    ? .logNormal(sigma: Double(family.dropFirst(2)) ?? 0.3) : .mixture(sigma: 0.25, share: 0.02, factor: 10)
let n = 1000, level = GateStatistics.defaultLevel
var rng = SeededGenerator(seed: seed, stream: 1 << 32)
let pilot = GateStatistics.quantileChange(baseline: model.sample(n, &rng), candidate: model.sample(n, &rng), p: p,
                                          level: level, seed: seed)
guard let d = pilot.detectable, let change = d.forRule(.maxIncrease(limit)) else { exit(65) }
var fails = 0
for rep in 0..<reps {
    var rng = SeededGenerator(seed: seed, stream: UInt64(rep))
    let b = model.sample(n, &rng)
    let c = model.sample(n, &rng).map { $0 * (1 + change) }
    let q = GateStatistics.quantileChange(baseline: b, candidate: c, p: p, level: level, seed: UInt64(rep))
    if q.ratio.point > 1 + limit && q.pIncrease < level { fails += 1 }
}
print("\(family) p\(p) +\(limit): pilot detectable +\(change * 100)% (s \(d.spread), c \(d.criticalIncrease)); "
      + "fails \(fails)/\(reps) = \(Double(fails) / Double(reps))")

// Size-adjusted power of the mean rule under dependence (docs/statistics.md, "The mean rule under
// dependence"): the block relabelling the rule used before 2026-12-05 failed more unchanged pairs
// than its level, so its power is compared with the batch-means t test's at equal size. Over the
// A/A pairs of the given seeds each method's rule statistic is q = pDecrease when the ratio is
// below 0.95 (max_decrease 5%) and 1 otherwise; the relabelling's threshold is set so that it fails
// as many A/A pairs as the batch-means test fails at the level (and, second, at exactly the level's
// share), and both are then judged on the power pairs (candidate scaled).
// Usage: run.sh mean-size-adjusted FAMILY SCALE AA-REPS-PER-SEED AA-SEEDS POWER-REPS POWER-SEED
//   e.g. run.sh mean-size-adjusted c 0.8 2000 303,2323,404 300 306
#if canImport(Glibc)
import Glibc
#endif

let args = CommandLine.arguments
guard args.count == 7, let scale = Double(args[2]), let aaReps = Int(args[3]), let powerReps = Int(args[5]),
      let powerSeed = UInt64(args[6]) else {
    fputs("usage: mean-size-adjusted FAMILY SCALE AA-REPS-PER-SEED AA-SEEDS POWER-REPS POWER-SEED\n", stderr)
    exit(64)
}
let law = model(args[1])
let aaSeeds = args[4].split(separator: ",").compactMap { UInt64($0) }
let n = 1000

/// (relabelling q, batch-means q) of one pair.
func statistics(_ b: [Double], _ c: [Double], _ s: UInt64) -> (old: Double, new: Double) {
    let old = GateStatistics.logScaleChange(baseline: b, candidate: c, level: level, seed: s, name: "mean") { _, x, k in
        var sum = 0.0, count = 0
        for j in 0..<x.count { sum += Double(k[j]) * x[j]; count += Int(k[j]) }
        return sum / Double(count)
    }
    let new = GateStatistics.meanChange(baseline: b, candidate: c, level: level, seed: s)
    func q(_ m: MetricChange) -> Double { m.ratio.point < 0.95 ? m.pDecrease : 1 }
    return (q(old), q(new))
}

func pairs(seed: UInt64, reps: Int, scale: Double) -> [(old: Double, new: Double)] {
    (0..<reps).map { rep in
        var rng = SeededGenerator(seed: seed, stream: UInt64(rep))
        let b = law.sample(n, &rng)
        let c = law.sample(n, &rng).map { $0 * scale }
        return statistics(b, c, UInt64(rep))
    }
}

var aa: [(old: Double, new: Double)] = []
for seed in aaSeeds {
    aa += pairs(seed: seed, reps: aaReps, scale: 1)
    fputs("[mean-size-adjusted] A/A seed \(seed) done\n", stderr)
}
let power = pairs(seed: powerSeed, reps: powerReps, scale: scale)
let total = Double(aa.count)
let newAA = aa.filter { $0.new < level }.count
let oldAA = aa.filter { $0.old < level }.count
let sortedOld = aa.map(\.old).sorted()
/// The largest threshold at which the relabelling fails at most `k` A/A pairs.
func threshold(failing k: Int) -> Double { k < sortedOld.count ? sortedOld[k] : 1 }
func powerOld(_ t: Double) -> Double { Double(power.filter { $0.old < t }.count) / Double(power.count) }
let newPower = Double(power.filter { $0.new < level }.count) / Double(power.count)
print("[mean-size-adjusted] \(args[1]), \(aa.count) A/A pairs, \(power.count) pairs at ×\(scale), level \(level)")
print("  batch means (now): A/A \(newAA)/\(aa.count) = \(Double(newAA) / total); power \(newPower)")
print("  block relabelling at the level: A/A \(oldAA)/\(aa.count) = \(Double(oldAA) / total); power \(powerOld(level))")
let matched = threshold(failing: newAA)
print("  block relabelling at the batch-means test's A/A rate (threshold \(matched)): A/A \(aa.filter { $0.old < matched }.count); power \(powerOld(matched))")
let nominal = threshold(failing: Int((level * total).rounded(.down)))
print("  block relabelling at exactly the level's share (threshold \(nominal)): A/A \(aa.filter { $0.old < nominal }.count); power \(powerOld(nominal))")

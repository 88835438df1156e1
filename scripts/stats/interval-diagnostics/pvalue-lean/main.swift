// Driver of scripts/stats/gate-aa.sh: the gate's false-failure (A/A) rates per rule on the
// coverage grid's families (docs/statistics.md, "Gate A/A per family"), or its failure rates
// with the candidate scaled (power). A rule fails as GateEvaluator judges it: ratio beyond the
// limit and the one-sided p-value below the level.
// Usage: gate-aa REPS SCALE FAMILIES RULES [SEED]
//   FAMILIES: comma list of ln0.1 ln0.3 ln0.5 ln1.0 spikes c c'
//   RULES: comma list of p50 p90 p99 variance iqr mean mean-permutation (the block relabelling
//   the mean rule used before 2026-12-05, for before/after), mean@B (the batch-means test with B
//   batches, whatever the dependence); a trailing + judges max_increase 5% instead of max_decrease
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let args = CommandLine.arguments
guard args.count >= 5, let reps = Int(args[1]), let scale = Double(args[2]) else {
    fputs("usage: gate-aa REPS SCALE FAMILIES RULES [SEED]\n", stderr)
    exit(64)
}
let families = args[3].split(separator: ",").map(String.init)
let rules = args[4].split(separator: ",").map(String.init)
let seed = args.count > 5 ? UInt64(args[5]) ?? 2323 : 2323
let n = 1000

// model(_:), fails(_:_:_:_:), binomialSurvival and `level`: scripts/stats/gate-aa/AARules.swift, compiled beside this file.

// p-value distribution of the p50 rule under A/A (uniformity check of the permutation test).
for family in families {
    let law = model(family)
    var ps: [Double] = [], pd: [Double] = []
    for rep in 0..<reps {
        var rng = SeededGenerator(seed: seed, stream: UInt64(rep))
        let b = law.sample(n, &rng)
        let c = law.sample(n, &rng).map { $0 * scale }
        let p = Double(rules[0].dropFirst())! / 100
        let m = GateStatistics.quantileChange(baseline: b, candidate: c, p: p, level: level, seed: UInt64(rep))
        ps.append(m.pIncrease); pd.append(m.pDecrease)
    }
    for cut in [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5] {
        let a = ps.filter { $0 < cut }.count, d = pd.filter { $0 < cut }.count
        print("[pdist] \(family) \(rules[0]) P(pIncrease < \(cut)) = \(Double(a) / Double(reps)), P(pDecrease < \(cut)) = \(Double(d) / Double(reps))")
    }
}

// The p-value distribution of a quantile rule under A/A (docs/statistics.md, "Longer runs of the
// 300-pair cells"): over gate-aa.sh's pairs, the shares of pIncrease and pDecrease below 0.005 to
// 0.5, a uniformity check of the permutation test.
// Usage: run.sh pvalue-lean REPS SCALE FAMILY pNN [SEED]   (as gate-aa.sh)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let (reps, scale, families, rules, seed) = aaArguments("pvalue-lean")
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

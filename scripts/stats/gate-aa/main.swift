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

let (reps, scale, families, rules, seed) = aaArguments("gate-aa")
let n = 1000

// model(_:), fails(_:_:_:_:), binomialSurvival and `level`: scripts/stats/gate-aa/AARules.swift, compiled beside this file.

for family in families {
    let law = model(family)
    var count = [Int](repeating: 0, count: rules.count)
    for rep in 0..<reps {
        var rng = SeededGenerator(seed: seed, stream: UInt64(rep))
        let b = law.sample(n, &rng)
        let c = law.sample(n, &rng).map { $0 * scale }
        for (i, rule) in rules.enumerated() where fails(rule, b, c, UInt64(rep)) { count[i] += 1 }
        // Running counts on stderr every 100 pairs, so a long run cut short still says something.
        if (rep + 1) % 100 == 0 {
            fputs("[gate-aa] \(family) after \(rep + 1): " + zip(rules, count).map { "\($0) \($1)" }.joined(separator: ", ") + "\n", stderr)
        }
    }
    for (i, rule) in rules.enumerated() {
        let rate = Double(count[i]) / Double(reps)
        print("[gate-aa] \(family) scale \(scale) \(rule): \(count[i])/\(reps) = \(rate); P(X >= \(count[i]) | 1%) = "
              + "\(binomialSurvival(count[i], reps, 0.01))")
    }
    fflush(stdout)
}

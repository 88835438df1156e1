// Gate A/A failures in the windows where the block scheme is chosen (docs/statistics.md, "Longer
// runs of the 300-pair cells"): the pairs and rules of scripts/stats/gate-aa.sh, counted only where
// BootstrapMethod.automatic picks moving blocks, with their block lengths.
// Usage: run.sh aa-block-windows REPS SCALE FAMILIES RULES [SEED]   (as gate-aa.sh)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let (reps, scale, families, rules, seed) = aaArguments("aa-block-windows")
let n = 1000

// model(_:), fails(_:_:_:_:), binomialSurvival and `level`: scripts/stats/gate-aa/AARules.swift, compiled beside this file.

for family in families {
    let law = model(family)
    var blocks = 0, failBlocks = [Int](repeating: 0, count: rules.count)
    for rep in 0..<reps {
        var rng = SeededGenerator(seed: seed, stream: UInt64(rep))
        let b = law.sample(n, &rng)
        let c = law.sample(n, &rng).map { $0 * scale }
        guard case .movingBlock(let l) = BootstrapMethod.automatic(for: [b, c]) else { continue }
        blocks += 1
        for (i, rule) in rules.enumerated() where fails(rule, b, c, UInt64(rep)) {
            failBlocks[i] += 1
            fputs("[aadiag] \(family) rep \(rep) block \(l) fails \(rule)\n", stderr)
        }
    }
    print("[aadiag] \(family): block windows \(blocks)/\(reps); failures in them: " + zip(rules, failBlocks).map { "\($0) \($1)" }.joined(separator: ", "))
}

// The A/A and power drivers' shared part (scripts/stats/gate-aa.sh and the gate drivers of
// scripts/stats/interval-diagnostics/run.sh compile it beside their main.swift): the coverage
// grid's families, how a rule fails (as GateEvaluator judges it: ratio beyond the limit and the
// one-sided p-value below the level), and the binomial test of a cell's failure count.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The gate's default one-sided level, at which every rule here is judged.
let level = GateStatistics.defaultLevel

/// The A/A drivers' arguments, `REPS SCALE FAMILIES RULES [SEED]` (comma lists; seed 2323 by
/// default); a usage line naming `driver` and exit status 64 when they do not parse.
func aaArguments(_ driver: String) -> (reps: Int, scale: Double, families: [String], rules: [String], seed: UInt64) {
    let args = CommandLine.arguments
    guard args.count >= 5, let reps = Int(args[1]), let scale = Double(args[2]) else {
        fputs("usage: \(driver) REPS SCALE FAMILIES RULES [SEED]\n", stderr)
        exit(64)
    }
    return (reps, scale, args[3].split(separator: ",").map(String.init), args[4].split(separator: ",").map(String.init),
            args.count > 5 ? UInt64(args[5]) ?? 2323 : 2323)
}

func model(_ name: String) -> MixtureLatencyModel {
    switch name {
    case "spikes": return .mixture(sigma: 0.25, share: 0.02, factor: 10)
    case "c": return .mixture(sigma: 0.25, share: 0.1, factor: 3, episode: 10)
    case "c'": return .mixture(sigma: 0.25, share: 1.0 / 6, factor: 3, episode: 20)
    default:
        guard name.hasPrefix("ln"), let s = Double(name.dropFirst(2)) else { fputs("unknown family \(name)\n", stderr); exit(64) }
        return .logNormal(sigma: s)
    }
}

/// P(X ≥ k) for X ~ Binomial(n, p): the one-sided test of "this cell's rate is above p".
func binomialSurvival(_ k: Int, _ n: Int, _ p: Double) -> Double {
    guard k > 0 else { return 1 }
    var total = 0.0
    for j in k...n {
        total += exp(lgamma(Double(n + 1)) - lgamma(Double(j + 1)) - lgamma(Double(n - j + 1))
                     + Double(j) * log(p) + Double(n - j) * log1p(-p))
    }
    return Swift.min(1, total)
}

func fails(_ rule: String, _ b: [Double], _ c: [Double], _ s: UInt64) -> Bool {
    // Increase rules at their default limits; the mean rule is max_decrease 5% (throughput-like),
    // judged in the direction the scale moves it (decrease for A/A and scale < 1).
    func up(_ m: MetricChange, _ limit: Double) -> Bool { m.ratio.point > 1 + limit && m.pIncrease < level }
    func down(_ m: MetricChange, _ limit: Double) -> Bool { m.ratio.point < 1 - limit && m.pDecrease < level }
    switch rule {
    case "p50", "p90", "p99":
        let p = Double(rule.dropFirst())! / 100
        return up(GateStatistics.quantileChange(baseline: b, candidate: c, p: p, level: level, seed: s), 0.10)
    case "variance", "iqr":
        let m: SpreadMeasure = rule == "variance" ? .variance : .iqr
        return up(GateStatistics.spreadChange(baseline: b, candidate: c, measure: m, level: level, seed: s), 0.5)
    case "mean", "mean+":
        let m = GateStatistics.meanChange(baseline: b, candidate: c, level: level, seed: s)
        return rule == "mean" ? down(m, 0.05) : up(m, 0.05)
    case "mean-permutation", "mean-permutation+":
        let m = GateStatistics.logScaleChange(baseline: b, candidate: c, level: level, seed: s, name: "mean") { _, x, k in
            var sum = 0.0, count = 0
            for j in 0..<x.count { sum += Double(k[j]) * x[j]; count += Int(k[j]) }
            return sum / Double(count)
        }
        return rule == "mean-permutation" ? down(m, 0.05) : up(m, 0.05)
    case _ where rule.hasPrefix("mean@"):
        // mean@B or mean@B+: the batch-means t test with B batches a side (method comparison).
        let plus = rule.hasSuffix("+")
        let batches = Int(rule.dropFirst(5).filter(\.isNumber))!
        guard let m = GateStatistics.batchMeansChange(baseline: b, candidate: c, level: level, resampling: "forced",
                                                      batches: batches) else { return false }
        return plus ? up(m, 0.05) : down(m, 0.05)
    default:
        fputs("unknown rule \(rule)\n", stderr)
        exit(64)
    }
}

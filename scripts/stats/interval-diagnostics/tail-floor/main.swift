#if canImport(Glibc)
import Glibc
#endif
// Prototype: log-normal-implied floor on the SE of log s² (tail-aware studentization).
func robustLogSigma(_ x: [Double]) -> Double { CoverageGrid.logSpread(x) }
func impliedSE(_ x: [Double]) -> Double {
    let s = robustLogSigma(x), s2 = s * s
    let kappa = exp(4 * s2) + 2 * exp(3 * s2) + 3 * exp(2 * s2) - 3
    return ((kappa - 1) / Double(x.count)).squareRoot()
}
let args = CommandLine.arguments
let reps = Int(args[1])!, wanted = args[2].split(separator: ",").map { Int($0)! }, resamples = Int(args[3])!
let cells = CoverageGrid.cells
for i in wanted {
    let cell = cells[i]
    let truth = cell.candidate.variance / cell.baseline.variance
    var covV1 = 0, covV3 = 0, w1: [Double] = [], w3: [Double] = []
    var covFloor0 = 0, covNow = 0, covFloor = 0, lowNow = 0, lowFloor = 0, floored = 0
    var wNow: [Double] = [], wFloor: [Double] = []
    for rep in 0..<reps {
        var rng = SeededGenerator(seed: 2300 + UInt64(i), stream: UInt64(rep))
        let b = cell.baseline.sample(1000, &rng), c = cell.candidate.sample(1000, &rng)
        let method = BootstrapMethod.automatic(for: [b, c])
        var base = SpreadComparison.Side(groups: [b], method: method, index: 0, resamples: resamples, seed: UInt64(rep))
        var cand = SpreadComparison.Side(groups: [c], method: method, index: 1, resamples: resamples, seed: UInt64(rep))
        func interval() -> RatioEstimate {
            SpreadComparison.studentizedVarianceRatio(base: base, candidate: cand, confidence: 0.95)
                ?? SpreadComparison.bcaVarianceRatio(base: base, candidate: cand, confidence: 0.95)!
        }
        let now = interval()
        let fb = impliedSE(b), fc = impliedSE(c)
        if fb > base.observedLogVarianceSE || fc > cand.observedLogVarianceSE { floored += 1 }
        base.observedLogVarianceSE = max(base.observedLogVarianceSE, fb)
        cand.observedLogVarianceSE = max(cand.observedLogVarianceSE, fc)
        let fl0 = interval()
        let seF = (base.observedLogVarianceSE * base.observedLogVarianceSE + cand.observedLogVarianceSE * cand.observedLogVarianceSE).squareRoot()
        let v1 = RatioEstimate(point: now.point, lower: now.point * exp(-1.96 * seF), upper: now.point * exp(1.96 * seF))
        let v3 = RatioEstimate(point: now.point, lower: min(now.lower, v1.lower), upper: max(now.upper, v1.upper))
        if v1.contains(truth) { covV1 += 1 }
        if v3.contains(truth) { covV3 += 1 }
        w1.append(v1.upper - v1.lower); w3.append(v3.upper - v3.lower)
        base.logVarianceSE = base.logVarianceSE.map { max($0, fb) }
        cand.logVarianceSE = cand.logVarianceSE.map { max($0, fc) }
        let fl = interval()
        if fl0.contains(truth) { covFloor0 += 1 }
        if now.contains(truth) { covNow += 1 } else if now.upper < truth { lowNow += 1 }
        if fl.contains(truth) { covFloor += 1 } else if fl.upper < truth { lowFloor += 1 }
        wNow.append(now.upper - now.lower); wFloor.append(fl.upper - fl.lower)
    }
    wNow.sort(); wFloor.sort()
    print("[tail] \(i) \(cell.name): now \(Double(covNow)/Double(reps)) (upper<truth \(lowNow)) width \(wNow[reps/2]); floor \(Double(covFloor)/Double(reps)) (upper<truth \(lowFloor)) width \(wFloor[reps/2]); floored in \(floored); observed-only floor \(Double(covFloor0)/Double(reps)); normal floored \(Double(covV1)/Double(reps)) width \(w1.sorted()[reps/2]); farther(now, normal floored) \(Double(covV3)/Double(reps)) width \(w3.sorted()[reps/2])")
    fflush(stdout)
}

#if canImport(Glibc)
import Glibc
#endif
// For each grid cell, the windows where the block bootstrap is chosen (the only ones the
// accelerated batch widening can change): coverage before (main's method, rebuilt from the
// same internals) and after (SpreadComparison.compare now), same seeds as CoverageGrid.run.
let args = CommandLine.arguments
let reps = Int(args[1])!, wanted = args[2].split(separator: ",").map { Int($0)! }
let cells = CoverageGrid.cells
for i in wanted {
    let cell = cells[i]
    let truth = (v: cell.candidate.variance / cell.baseline.variance, iqr: cell.candidate.iqr / cell.baseline.iqr,
                 mad: cell.candidate.mad / cell.baseline.mad)
    var blocks = 0
    var before = (v: 0, iqr: 0, mad: 0), after = (v: 0, iqr: 0, mad: 0)
    var wb: [Double] = [], wa: [Double] = []
    for rep in 0..<reps {
        var rng = SeededGenerator(seed: 2300 + UInt64(i), stream: UInt64(rep))
        let b = cell.baseline.sample(1000, &rng), c = cell.candidate.sample(1000, &rng)
        let method = BootstrapMethod.automatic(for: [b, c])
        guard case .movingBlock = method else { continue }
        blocks += 1
        let now = SpreadComparison.compare(baseline: b, candidate: c, resamples: 2000, seed: UInt64(rep))
        let base = SpreadComparison.Side(groups: [b], method: method, index: 0, resamples: 2000, seed: UInt64(rep))
        let cand = SpreadComparison.Side(groups: [c], method: method, index: 1, resamples: 2000, seed: UInt64(rep))
        func pct(_ k: KeyPath<SpreadStatistics, Double>) -> RatioEstimate {
            let r = (0..<2000).map { cand.replicates[$0][keyPath: k] / base.replicates[$0][keyPath: k] }
            let (lo, hi) = Bootstrap.percentileInterval(r, confidence: 0.95)
            return RatioEstimate(point: cand.observed[keyPath: k] / base.observed[keyPath: k], lower: lo, upper: hi)
        }
        func old(_ r: RatioEstimate, _ f: @escaping BatchJackknife.Statistic) -> RatioEstimate {
            guard let j = BatchJackknife.ratioInterval(baseline: b, candidateGroups: [c], batches: 10, confidence: 0.95, statistic: f)
            else { return r }
            return RatioEstimate(point: r.point, lower: min(r.lower, j.lower), upper: max(r.upper, j.upper))
        }
        let oldV = SpreadComparison.studentizedVarianceRatio(base: base, candidate: cand, confidence: 0.95)
            ?? SpreadComparison.bcaVarianceRatio(base: base, candidate: cand, confidence: 0.95) ?? pct(\.variance)
        let oldI = old(pct(\.iqr), BatchJackknife.iqr), oldM = old(pct(\.mad), BatchJackknife.mad)
        if oldV.contains(truth.v) { before.v += 1 }
        if oldI.contains(truth.iqr) { before.iqr += 1 }
        if oldM.contains(truth.mad) { before.mad += 1 }
        if now.varianceRatio.contains(truth.v) { after.v += 1 }
        if now.iqrRatio.contains(truth.iqr) { after.iqr += 1 }
        if now.madRatio.contains(truth.mad) { after.mad += 1 }
        wb.append(oldV.upper - oldV.lower); wa.append(now.varianceRatio.upper - now.varianceRatio.lower)
    }
    wb.sort(); wa.sort()
    let mw = blocks > 0 ? "\(wb[blocks / 2]) -> \(wa[blocks / 2])" : "-"
    print("[blockdiff] \(i) \(cell.name): block windows \(blocks)/\(reps); covered before -> after: variance \(before.v) -> \(after.v), iqr \(before.iqr) -> \(after.iqr), mad \(before.mad) -> \(after.mad); median variance width in those windows \(mw)")
    fflush(stdout)
}

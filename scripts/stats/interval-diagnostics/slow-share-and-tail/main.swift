#if canImport(Glibc)
import Glibc
#endif
// Diagnostics: where (c') IQR and (a') variance intervals miss.
let args = CommandLine.arguments
let reps = Int(args[1])!, which = args[2], resamples = Int(args[3])!
let cells = CoverageGrid.cells
if which == "c'" {
    let cell = cells[18]
    let truth = cell.candidate.iqr / cell.baseline.iqr
    print("truth iqr ratio \(truth), cand iqr \(cell.candidate.iqr), base iqr \(cell.baseline.iqr), cand q75 \(cell.candidate.quantile(0.75)) q25 \(cell.candidate.quantile(0.25))")
    var bins = [Int: (n: Int, cov: Int, low: Int, high: Int, se: Double, err: Double)]()
    var errs: [Double] = [], ses: [Double] = []
    for rep in 0..<reps {
        var rng = SeededGenerator(seed: 2300 + 18, stream: UInt64(rep))
        let b = cell.baseline.sample(1000, &rng), c = cell.candidate.sample(1000, &rng)
        let p = Double(c.filter { $0 > 2000 }.count) / 1000
        guard let r = BatchJackknife.ratioInterval(baseline: b, candidateGroups: [c], batches: 10, confidence: 0.95, statistic: BatchJackknife.iqr),
              let sc = BatchJackknife.logStandardError(groups: [c], batches: 10, statistic: BatchJackknife.iqr) else { continue }
        let k = Int(p / 0.04)
        var e = bins[k] ?? (0, 0, 0, 0, 0, 0)
        e.n += 1; if r.contains(truth) { e.cov += 1 } else if r.upper < truth { e.low += 1 } else { e.high += 1 }
        e.se += sc.se; e.err += log(r.point / truth)
        bins[k] = e
        errs.append(log(r.point / truth)); ses.append(sc.se)
    }
    let m = errs.reduce(0,+)/Double(errs.count)
    let sd = (errs.reduce(0){$0+($1-m)*($1-m)}/Double(errs.count-1)).squareRoot()
    let sortedSE = ses.sorted()
    print("log(ratio/truth): mean \(m), sd across windows \(sd); candidate jackknife SE median \(sortedSE[ses.count/2])")
    for k in bins.keys.sorted() { let e = bins[k]!
        let lo: Double = Double(k) * 0.04
        let cv: Double = Double(e.cov) / Double(e.n)
        let mse: Double = e.se / Double(e.n)
        let merr: Double = e.err / Double(e.n)
        print("slow share from \(lo): windows \(e.n) coverage \(cv) upper<truth \(e.low) lower>truth \(e.high) mean cand SE \(mse) mean log err \(merr)") }
} else {
    let cell = cells[19]
    let truth = cell.candidate.variance / cell.baseline.variance
    var rows: [(top: Double, covered: Bool, below: Bool, err: Double)] = []
    var lowMiss = 0, highMiss = 0
    for rep in 0..<reps {
        var rng = SeededGenerator(seed: 2300 + 19, stream: UInt64(rep))
        let b = cell.baseline.sample(1000, &rng), c = cell.candidate.sample(1000, &rng)
        let r = SpreadComparison.compare(baseline: b, candidateGroups: [c], method: .iid, resamples: resamples, seed: UInt64(rep))
        let v = r.varianceRatio
        if v.upper < truth { lowMiss += 1 } else if v.lower > truth { highMiss += 1 }
        rows.append((Double(c.max()!), v.contains(truth), v.upper < truth, log(v.point / truth)))
    }
    print("(a') variance ratio truth \(truth): misses with upper < truth \(lowMiss), lower > truth \(highMiss), of \(reps)")
    let errs = rows.map { $0.err }; let m = errs.reduce(0,+)/Double(errs.count)
    print("log(point/truth) mean \(m), median \(errs.sorted()[errs.count/2])")
    let sortedMax = rows.map { $0.top }.sorted()
    let qs = [0, sortedMax[reps/4], sortedMax[reps/2], sortedMax[3*reps/4], Double.infinity]
    for i in 0..<4 { let sel = rows.filter { $0.top >= qs[i] && $0.top < qs[i+1] }
        print("sample max quartile \(i+1): windows \(sel.count) coverage \(Double(sel.filter { $0.covered }.count)/Double(sel.count)) upper<truth \(sel.filter { $0.below }.count)") }
}

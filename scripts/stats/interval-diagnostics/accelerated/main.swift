#if canImport(Glibc)
import Glibc
#endif
// Prototype: accelerated grouped-jackknife t interval for spread ratios.
func leaveOut(_ groups: [[Double]], _ b: Int, _ f: BatchJackknife.Statistic) -> [Double]? {
    var pairs: [(Double, Int)] = []
    for g in groups { let n = g.count; for (t, v) in g.enumerated() { pairs.append((v, t * b / n)) } }
    pairs.sort { $0.0 < $1.0 }
    var out = [Double](repeating: 0, count: b)
    for j in 0..<b {
        let kept = pairs.filter { $0.1 != j }.map { $0.0 }
        let th = f(kept); guard th > 0, th.isFinite else { return nil }
        out[j] = log(th)
    }
    return out
}
struct Iv { var lo: Double; var hi: Double; func has(_ x: Double) -> Bool { lo <= x && x <= hi } }
func intervals(_ base: [Double], _ cand: [Double], _ b: Int, _ f: @escaping BatchJackknife.Statistic) -> (t: Iv, acc: Iv, a: Double)? {
    let T = log(f(cand.sorted()) / f(base.sorted()))
    guard let lb = leaveOut([base], b, f), let lc = leaveOut([cand], b, f) else { return nil }
    func v(_ x: [Double]) -> Double { let m = x.reduce(0,+)/Double(x.count); return Double(x.count-1)/Double(x.count) * x.reduce(0){$0+($1-m)*($1-m)} }
    let vb = v(lb), vc = v(lc), vv = vb + vc
    let df = vv*vv/(vb*vb/Double(b-1) + vc*vc/Double(b-1))
    let t = StudentT.quantile(0.975, degreesOfFreedom: df)
    let se = vv.squareRoot()
    // theta_(j) for the log ratio: candidate left-out values minus log base; baseline: log cand - left-out.
    let lcb = f(base.sorted()), lcc = f(cand.sorted())
    let a = BCaInterval.acceleration(jackknife: [lc.map { $0 - log(lcb) }, lb.map { log(lcc) - $0 }])
    func end(_ w: Double) -> Double { let d = 1 - a * w; return d > 0 ? T + se * w / d : (w > 0 ? .infinity : -.infinity) }
    return (Iv(lo: exp(T - t*se), hi: exp(T + t*se)), Iv(lo: exp(end(-t)), hi: exp(end(t))), a)
}
let args = CommandLine.arguments
let reps = Int(args[1])!
let cellsWanted = args[2].split(separator: ",").map { Int($0)! }
let resamples = Int(args[3])!
let forceAll = args.count > 4
let cells = CoverageGrid.cells
for i in cellsWanted {
    let cell = cells[i]
    let truth = (variance: cell.candidate.variance / cell.baseline.variance,
                 iqr: cell.candidate.iqr / cell.baseline.iqr, mad: cell.candidate.mad / cell.baseline.mad)
    var cov = [String: Int](); var widths = [String: [Double]](); var blocks = 0
    var aVals: [Double] = []
    for rep in 0..<reps {
        var rng = SeededGenerator(seed: 2300 + UInt64(i), stream: UInt64(rep))
        let b = cell.baseline.sample(1000, &rng)
        let c = cell.candidate.sample(1000, &rng)
        let method = BootstrapMethod.automatic(for: [b, c])
        var dep = false
        if case .movingBlock = method { dep = true; blocks += 1 }
        var cur: SpreadComparison? = nil
        if resamples > 0 { cur = SpreadComparison.compare(baseline: b, candidateGroups: [c], method: method, resamples: resamples, seed: UInt64(rep)) }
        for (name, f, tr) in [("iqr", BatchJackknife.iqr as BatchJackknife.Statistic, truth.iqr), ("mad", BatchJackknife.mad, truth.mad), ("var", { (s: [Double]) -> Double in BCaInterval.variance(s) }, truth.variance)] {
            guard let r = intervals(b, c, 10, f) else { continue }
            aVals.append(r.a)
            func add(_ k: String, _ iv: Iv) { cov[k, default: 0] += iv.has(tr) ? 1 : 0; widths[k, default: []].append(iv.hi - iv.lo) }
            add(name + " jt", r.t); add(name + " acc", r.acc)
            if let cur {
                let e = name == "iqr" ? cur.iqrRatio : name == "mad" ? cur.madRatio : cur.varianceRatio
                let now = Iv(lo: e.lower, hi: e.upper)
                add(name + " now", now)
                let use = dep || forceAll
                add(name + " now+acc", use ? Iv(lo: min(now.lo, r.acc.lo), hi: max(now.hi, r.acc.hi)) : now)
            }
        }
    }
    print("[proto] \(i) \(cell.name) reps \(reps) blocks \(blocks)")
    for k in cov.keys.sorted() {
        let w = widths[k]!.sorted()
        print("   \(k): \(Double(cov[k]!)/Double(reps))  median width \(w[w.count/2])")
    }
    fflush(stdout)
}

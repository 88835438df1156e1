#if canImport(Glibc)
import Glibc
#endif
// Symmetry of the A/A data: log(HD p50 of candidate / baseline) over 20,000 pairs of gate-aa's
// generator use (seed 2323, stream rep; baseline first, candidate next).
let law = MixtureLatencyModel.logNormal(sigma: 1.0)
let reps = Int(CommandLine.arguments[1])!
var d: [Double] = []
var zs: [Double] = []
let hd = HarrellDavis(p: 0.5, count: 1000)
for rep in 0..<reps {
    var rng = SeededGenerator(seed: 2323, stream: UInt64(rep))
    let b = law.sample(1000, &rng), c = law.sample(1000, &rng)
    d.append(log(hd.estimate(sorted: c.sorted()) / hd.estimate(sorted: b.sorted())))
}
let m = d.reduce(0, +) / Double(reps)
let sd = (d.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(reps - 1)).squareRoot()
print("reps \(reps): mean log ratio \(m), sd \(sd), z of the mean \(m / (sd / Double(reps).squareRoot())); share > 0: \(Double(d.filter { $0 > 0 }.count) / Double(reps))")
let first = Array(d.prefix(1000)); let m1 = first.reduce(0, +) / 1000
print("first 1000: mean \(m1), z \(m1 / (sd / 1000.0.squareRoot()))")

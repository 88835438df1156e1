// sonde-variance-bench: the sonde side of Benchmarks/peers/variance-speed.sh. Reads PROVIDERS
// series of N float64 (little-endian, provider after provider) from a file written once by
// peers/variance-speed.py, compares each candidate (providers 2...) with the baseline (provider 1)
// through SpreadComparison.compareEach with R bootstrap resamples, and prints key=value lines:
// the point estimates with 17 significant digits and the wall time of the analysis.
//
//   sonde-variance-bench --data FILE --n N --providers P --resamples R
import Foundation
import SondeCore

func usage(_ problem: String) -> Never {
    FileHandle.standardError.write(Data("sonde-variance-bench: \(problem)\nusage: sonde-variance-bench --data FILE --n N --providers P --resamples R\n".utf8))
    exit(64)
}

var path = ""
var n = 0, providers = 4, resamples = 2000
var rest = CommandLine.arguments.dropFirst()
while let flag = rest.popFirst() {
    guard let value = rest.popFirst() else { usage("\(flag) needs a value") }
    switch flag {
    case "--data": path = value
    case "--n": n = Int(value.replacingOccurrences(of: "_", with: "")) ?? 0
    case "--providers": providers = Int(value) ?? 0
    case "--resamples": resamples = Int(value.replacingOccurrences(of: "_", with: "")) ?? 0
    default: usage("unknown option \(flag)")
    }
}
guard !path.isEmpty, n >= 2, providers >= 2, resamples > 0 else { usage("bad arguments") }

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func g(_ x: Double) -> String { String(format: "%.17g", x) }

let loadStart = now()
guard let data = FileManager.default.contents(atPath: path), data.count == providers * n * 8 else {
    usage("\(path) must hold \(providers) x \(n) float64 values")
}
var series: [[Double]] = (0..<providers).map { p in
    [Double](unsafeUninitializedCapacity: n) { buffer, count in
        data.withUnsafeBytes { raw in
            for i in 0..<n {
                buffer[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: (p * n + i) * 8, as: UInt64.self)))
            }
        }
        count = n
    }
}
let loadSeconds = now() - loadStart

// The timed work: everything a `sonde compare` of these providers computes (point estimates,
// bootstrap intervals, Brown–Forsythe and Mann–Whitney p-values, lag-1 autocorrelations).
let start = now()
let baseline = series[0]
let comparisons = SpreadComparison.compareEach(
    baseline: baseline, candidates: Array(series.dropFirst()), resamples: resamples, confidence: 0.95, seed: 42)
let seconds = now() - start

// The two test statistics are not part of SpreadComparison's result (it keeps their p-values):
// recomputed here through the public test functions, outside the timed work.
let testStart = now()
var lines: [String] = []
for (index, comparison) in comparisons.enumerated() {
    let candidate = series[index + 1]
    let p = index + 2
    let bf = BrownForsythe.test([baseline, candidate])
    let mw = MannWhitney.test(candidate, baseline)
    lines.append("variance_ratio_\(p)=\(g(comparison.varianceRatio.point))")
    lines.append("iqr_ratio_\(p)=\(g(comparison.iqrRatio.point))")
    lines.append("mad_ratio_\(p)=\(g(comparison.madRatio.point))")
    lines.append("tail_ratio_\(p)=\(g(comparison.tailSpreadRatio.point))")
    lines.append("brown_forsythe_\(p)=\(g(bf.statistic))")
    lines.append("mann_whitney_u_\(p)=\(g(mw.u))")
    lines.append("brown_forsythe_p_\(p)=\(g(comparison.brownForsythePValue))")
    lines.append("mann_whitney_p_\(p)=\(g(comparison.mannWhitneyPValue))")
    lines.append("variance_ci_\(p)=\(g(comparison.varianceRatio.lower)),\(g(comparison.varianceRatio.upper))")
    lines.append("bootstrap_\(p)=\(comparison.bootstrap)")
}
let testSeconds = now() - testStart
lines.append("load_seconds=\(g(loadSeconds))")
lines.append("test_statistics_seconds=\(g(testSeconds))")
lines.append("seconds=\(g(seconds))")
print(lines.joined(separator: "\n"))

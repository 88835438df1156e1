// Driver for scripts/stats/changepoint-simulation.sh: the simulation of
// Tests/SondeCoreTests/History/ChangePointSimulationTests.swift (same generator, seeds and
// streams, so the same series), compiled with -O together with the History sources alone,
// which takes a minute where a release build of the whole package takes half an hour.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let runs = 60, samplesPerRun = 200
let arguments = CommandLine.arguments
let stationary = arguments.count > 1 ? Int(arguments[1])! : 1000
let shifted = arguments.count > 2 ? Int(arguments[2])! : 500

func history(seed: UInt64, shiftAt: Int = Int.max, factor: Double = 1) -> (p50: [Double], p99: [Double]) {
    var generator = SeededGenerator(seed: seed, stream: 18)
    var p50: [Double] = [], p99: [Double] = []
    for run in 0..<runs {
        let runFactor = exp(0.1 * generator.normal()) * (run >= shiftAt ? factor : 1)
        let sorted = (0..<samplesPerRun).map { _ in 10_000 * runFactor * exp(0.5 * generator.normal()) }.sorted()
        p50.append(Quantile.ofSorted(sorted, 0.5))
        p99.append(Quantile.ofSorted(sorted, 0.99))
    }
    return (p50, p99)
}

for seriesCount in [1, 9] {
    let detector = ChangePointDetector(settings: ChangePointSettings(seriesCount: seriesCount))
    var alarms50 = 0, alarms99 = 0
    for i in 0..<stationary {
        let h = history(seed: UInt64(i))
        if !detector.detect(h.p50, stream: UInt64(2 * i)).isEmpty { alarms50 += 1 }
        if !detector.detect(h.p99, stream: UInt64(2 * i + 1)).isEmpty { alarms99 += 1 }
    }
    print("stationary, \(seriesCount) series per report (level \(detector.settings.seriesLevel), \(detector.settings.permutations) permutations): series with a change point: p50 \(alarms50)/\(stationary), p99 \(alarms99)/\(stationary)")
    var found = 0, located = 0
    var misplaced: [Int: Int] = [:]  // distance from run 30 of the nearest change point, when > 1
    for i in 0..<shifted {
        let h = history(seed: 1_000_000 + UInt64(i), shiftAt: 30, factor: 1.3)
        let points = detector.detect(h.p50, stream: UInt64(i))
        if !points.isEmpty { found += 1 }
        if points.contains(where: { abs($0.index - 30) <= 1 }) {
            located += 1
        } else if let nearest = points.map({ abs($0.index - 30) }).min() {
            misplaced[nearest, default: 0] += 1
        }
    }
    print("x1.3 from run 30, \(seriesCount) series per report: found \(found)/\(shifted), at run 30 +- 1 \(located)/\(shifted)")
    print("  found further away, distance: series \(misplaced.keys.sorted().map { "\($0): \(misplaced[$0]!)" })")
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import SondeCore

/// Known-truth rates of the change-point search on per-run series of 60 runs. Each run draws
/// 200 latencies, log-normal with σ 0.5 (within-run spread) around a 10 ms median times a
/// run factor exp(0.1·Z) (run-to-run variation); the series are the runs' medians and p99s.
/// Stationary: at most 2% of series may get a change point at the default setting. Power: a
/// ×1.3 shift of every latency from run 30 on must be found (within one run of 30) in ≥ 90%.
/// Both at a single series' default (α 0.01, 999 permutations) and at the default of a report
/// of 9 series (3 providers × 3 metrics: α 0.01/9, 8,999 permutations).
///
/// Run: SONDE_SIMULATION=1 swift test -c release --filter ChangePointSimulation
@Suite("ChangePointSimulation", .tags(.simulation), .enabled(if: getenv("SONDE_SIMULATION").map { String(cString: $0) } == "1"))
struct ChangePointSimulationTests {
    static let runs = 60
    static let samplesPerRun = 200
    static let stationarySeries = Int(getenv("SONDE_CP_NULL").map { String(cString: $0) } ?? "") ?? 1000
    static let shiftedSeries = Int(getenv("SONDE_CP_POWER").map { String(cString: $0) } ?? "") ?? 500

    /// The medians and p99s of one simulated history, every latency ×`factor` from `shiftAt` on.
    static func history(seed: UInt64, shiftAt: Int = Int.max, factor: Double = 1) -> (p50: [Double], p99: [Double]) {
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

    @Test(arguments: [1, 9])
    func stationarySeriesRarelyGetAChangePoint(seriesCount: Int) {
        let detector = ChangePointDetector(settings: ChangePointSettings(seriesCount: seriesCount))
        var alarms50 = 0, alarms99 = 0
        for i in 0..<Self.stationarySeries {
            let history = Self.history(seed: UInt64(i))
            if !detector.detect(history.p50, stream: UInt64(2 * i)).isEmpty { alarms50 += 1 }
            if !detector.detect(history.p99, stream: UInt64(2 * i + 1)).isEmpty { alarms99 += 1 }
        }
        let n = Double(Self.stationarySeries)
        print("change points, stationary, \(seriesCount) series per report: p50 \(Double(alarms50) / n), p99 \(Double(alarms99) / n) of \(Self.stationarySeries)")
        #expect(Double(alarms50) / n <= 0.02)
        #expect(Double(alarms99) / n <= 0.02)
    }

    @Test(arguments: [1, 9])
    func aThirtyPercentShiftAtRunThirtyIsFound(seriesCount: Int) {
        let detector = ChangePointDetector(settings: ChangePointSettings(seriesCount: seriesCount))
        var found = 0, located = 0
        for i in 0..<Self.shiftedSeries {
            let history = Self.history(seed: 1_000_000 + UInt64(i), shiftAt: 30, factor: 1.3)
            let points = detector.detect(history.p50, stream: UInt64(i))
            if !points.isEmpty { found += 1 }
            if points.contains(where: { abs($0.index - 30) <= 1 }) { located += 1 }
        }
        let n = Double(Self.shiftedSeries)
        print("change points, x1.3 at run 30, \(seriesCount) series per report: found \(Double(found) / n), at 30 +- 1 \(Double(located) / n) of \(Self.shiftedSeries)")
        #expect(Double(located) / n >= 0.90)
    }
}

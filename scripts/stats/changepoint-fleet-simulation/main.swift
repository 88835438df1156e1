// Driver for scripts/stats/changepoint-fleet-simulation.sh: false alarms and power of the
// change-point search on per-run series drawn from the calibrated default fleet's latency
// models (Sources/SondeEmulator/FleetSpec+Default.swift and LatencyModel.swift), without HTTP.
//
// Each series is one provider of the default fleet over 60 runs 5 minutes apart; a run is 200
// attempts 200 ms apart (40 s). An attempt's wait is the emulator's: log-normal body (median,
// sigma), ×multiplier during a slow episode (Poisson starts, mean gap `every`, each lasting
// `duration`, drawn over the run's span), plus a spike with probability 0.01 (log-normal). On
// top, run-to-run variation: every wait of a run ×exp(0.1·Z), as in changepoint-simulation.
// The models' numbers are copied from FleetSpec+Default (kept in step by hand: that file's
// YAML is the source). The shift is the emulator's `change: { median_factor: 1.3 }` from run 30:
// the body's median ×1.3, spikes unchanged. Errors (drops) are not simulated: the series tested
// are the runs' medians and p99s, as in the history report.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct Model {
    var name: String
    var medianMs: Double, sigma: Double
    var spikeMedianMs: Double, spikeSigma: Double
    var every: Double?, duration: Double, multiplier: Double
}

// FleetSpec+Default (seed 42): latency, spikes (probability 0.01, sigma 0.3), episodes.
let fleet = [
    Model(name: "cloud-us-east", medianMs: 40, sigma: 0.12, spikeMedianMs: 20, spikeSigma: 0.3, every: nil, duration: 0, multiplier: 1),
    Model(name: "depin-na", medianMs: 50, sigma: 0.15, spikeMedianMs: 47, spikeSigma: 0.3, every: 15, duration: 0.4, multiplier: 1.5),
    Model(name: "depin-eu", medianMs: 65, sigma: 0.12, spikeMedianMs: 61, spikeSigma: 0.3, every: 12, duration: 0.5, multiplier: 1.5),
    Model(name: "depin-apac", medianMs: 78, sigma: 0.11, spikeMedianMs: 68, spikeSigma: 0.3, every: 12, duration: 0.5, multiplier: 1.5),
]
let runs = 60, attempts = 200, spacing = 0.2, runToRun = 0.1
let arguments = CommandLine.arguments
let stationary = arguments.count > 1 ? Int(arguments[1])! : 1000
let shifted = arguments.count > 2 ? Int(arguments[2])! : 500

func history(_ model: Model, seed: UInt64, shiftAt: Int = Int.max, factor: Double = 1) -> (p50: [Double], p99: [Double]) {
    var g = SeededGenerator(seed: seed, stream: 1818)
    var p50: [Double] = [], p99: [Double] = []
    let span = Double(attempts) * spacing
    for run in 0..<runs {
        // Episode starts over [−duration, span): any episode covering part of the run.
        var episodes: [Double] = []
        if let every = model.every {
            var t = -model.duration + -every * log(Double.random(in: Double.ulpOfOne..<1, using: &g))
            while t < span {
                episodes.append(t)
                t += -every * log(Double.random(in: Double.ulpOfOne..<1, using: &g))
            }
        }
        let runFactor = exp(runToRun * g.normal())
        let median = model.medianMs * (run >= shiftAt ? factor : 1)
        var waits: [Double] = []
        for i in 0..<attempts {
            let at = Double(i) * spacing
            var ms = median * exp(model.sigma * g.normal())
            if episodes.contains(where: { $0 <= at && at < $0 + model.duration }) { ms *= model.multiplier }
            if Double.random(in: 0..<1, using: &g) < 0.01 { ms += model.spikeMedianMs * exp(model.spikeSigma * g.normal()) }
            waits.append(ms * 1000 * runFactor)
        }
        waits.sort()
        p50.append(Quantile.ofSorted(waits, 0.5))
        p99.append(Quantile.ofSorted(waits, 0.99))
    }
    return (p50, p99)
}

// 1: one series alone; 12: a history report of the default fleet (4 providers × 3 metrics).
for seriesCount in [1, 12] {
    let detector = ChangePointDetector(settings: ChangePointSettings(seriesCount: seriesCount))
    var alarms50 = 0, alarms99 = 0, alarmsAny = 0
    for i in 0..<stationary {
        let h = history(fleet[i % fleet.count], seed: UInt64(i))
        let a = !detector.detect(h.p50, stream: UInt64(2 * i)).isEmpty
        let b = !detector.detect(h.p99, stream: UInt64(2 * i + 1)).isEmpty
        if a { alarms50 += 1 }
        if b { alarms99 += 1 }
        if a || b { alarmsAny += 1 }
    }
    print("stationary, \(seriesCount) series per report (level \(detector.settings.seriesLevel), \(detector.settings.permutations) permutations): "
          + "series with a change point: p50 \(alarms50)/\(stationary), p99 \(alarms99)/\(stationary), either \(alarmsAny)/\(stationary)")
    var found = 0, located = 0
    for i in 0..<shifted {
        let h = history(fleet[i % fleet.count], seed: 1_000_000 + UInt64(i), shiftAt: 30, factor: 1.3)
        let points = detector.detect(h.p50, stream: UInt64(i))
        if !points.isEmpty { found += 1 }
        if points.contains(where: { abs($0.index - 30) <= 1 }) { located += 1 }
    }
    print("median x1.3 from run 30, \(seriesCount) series per report: found \(found)/\(shifted), at run 30 +- 1 \(located)/\(shifted)")
}

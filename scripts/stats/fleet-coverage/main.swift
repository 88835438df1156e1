// Driver of scripts/stats/fleet-coverage.sh: coverage of the 95% variance-, IQR- and MAD-ratio
// intervals on the calibrated default fleet's own distributions (docs/statistics.md, "Coverage on
// the calibrated fleet's own distributions"; issue 23). The windows are drawn exactly as
// Tests/SondeEmulatorTests/FleetCoverageSimulationTests.swift draws them (same seeds, so its
// variance figures are reproduced); the IQR and MAD truths, which the model has in no closed
// form, come from a long Monte Carlo of each model's stationary law (draws at independent
// uniform times over ten hours of many fleets), the variance truth from
// LatencyModel.stationaryMoments as in the test.
// Usage: fleet-coverage REPS [demo|second|reproduce|all] [TRUTH-DRAWS]
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let args = CommandLine.arguments
let repetitions = args.count > 1 ? Int(args[1]) ?? 200 : 200
let which = args.count > 2 ? args[2] : "all"
let truthDraws = args.count > 3 ? Int(args[3]) ?? 4_000_000 : 4_000_000
let resamples = 2000
let fleet = FleetSpec.default
let providers = fleet.providers

func median(_ sorted: [Double]) -> Double { Quantile.ofSorted(sorted, 0.5) }
func iqr(_ sorted: [Double]) -> Double { Quantile.ofSorted(sorted, 0.75) - Quantile.ofSorted(sorted, 0.25) }
func mad(_ sorted: [Double]) -> Double { Descriptive.medianAbsoluteDeviation(sorted: sorted, median: median(sorted)) }

/// Stationary draws of every provider: `perFleet` draws at independent uniform times in ten hours
/// of each of `fleets` fleets (their own seeds, far from the windows').
func stationaryDraws(total: Int, fleets: Int = 400) -> [[Double]] {
    let perFleet = total / fleets
    var out = providers.map { _ in [Double]() }
    for f in 0..<fleets {
        let fleetSeed = SplitMix64.mix(0x7_0000 &+ UInt64(f))
        let models = providers.map { LatencyModel($0, fleetSeed: fleetSeed) }
        var clock = SplitMix64(seed: fleetSeed ^ 0xC10C)
        for (index, model) in models.enumerated() {
            var rng = SplitMix64(seed: SplitMix64.mix(fleetSeed &+ UInt64(index + 101)))
            for _ in 0..<perFleet {
                let at = Duration.microseconds(Int64(clock.nextOpenUnit() * 36_000_000_000))
                out[index].append(Double(model.delay(at: at, using: &rng).nanoseconds) / 1000)
            }
        }
    }
    return out.map { $0.sorted() }
}

struct Truth { var variance: [Double]; var iqr: [Double]; var mad: [Double] } // per candidate, then pooled

func truths() -> Truth {
    let draws = stationaryDraws(total: truthDraws)
    let models = providers.map { LatencyModel($0, fleetSeed: 1) }
    let moments = models.map(\.stationaryMoments)
    let b = 0
    var t = Truth(variance: [], iqr: [], mad: [])
    for c in 1..<providers.count {
        t.variance.append(moments[c].variance / moments[b].variance)
        t.iqr.append(iqr(draws[c]) / iqr(draws[b]))
        t.mad.append(mad(draws[c]) / mad(draws[b]))
        let mcVariance = BatchJackknife.variance(draws[c]) / BatchJackknife.variance(draws[b])
        print("[truth] \(providers[c].name): variance ratio \(t.variance.last!) (Monte Carlo \(mcVariance)), IQR ratio \(t.iqr.last!), MAD ratio \(t.mad.last!)")
    }
    // Pooled: each member shifted by (centre − its median), as VarianceAnalysis aligns them.
    t.variance.append(FleetCoverageWindows.pooledTruth(Array(models.dropFirst())) / moments[b].variance)
    let mcMedians = draws.dropFirst().map(median)
    let mcCentre = mcMedians.reduce(0, +) / Double(mcMedians.count)
    let pooled = zip(draws.dropFirst(), mcMedians).flatMap { values, m in values.map { $0 - m + mcCentre } }.sorted()
    t.iqr.append(iqr(pooled) / iqr(draws[b]))
    t.mad.append(mad(pooled) / mad(draws[b]))
    print("[truth] pooled: variance ratio \(t.variance.last!), IQR ratio \(t.iqr.last!), MAD ratio \(t.mad.last!) (\(truthDraws) draws a provider)")
    return t
}

func run(_ label: String, spacing: Duration, seed: UInt64, n: Int, truth: Truth) {
    let names = providers.dropFirst().map(\.name) + ["pooled"]
    var covered = [[Int]](repeating: [0, 0, 0], count: names.count)
    var widths = [[[Double]]](repeating: [[], [], []], count: names.count)
    var blocks = 0
    for rep in 0..<repetitions {
        let (_, series) = FleetCoverageWindows.window(rep: rep, seed: seed, spacing: spacing, providers: providers, n: n)
        var comparisons = SpreadComparison.compareEach(baseline: series[0], candidates: Array(series.dropFirst()),
                                                       resamples: resamples, seed: UInt64(rep))
        let aligned = FleetCoverageWindows.aligned(Array(series.dropFirst()))
        let pooled = SpreadComparison.compare(baseline: series[0], candidateGroups: aligned, resamples: resamples, seed: UInt64(rep))
        if case .movingBlock = pooled.bootstrap { blocks += 1 }
        comparisons.append(pooled)
        for (k, c) in comparisons.enumerated() {
            for (j, (ratio, value)) in [(c.varianceRatio, truth.variance[k]), (c.iqrRatio, truth.iqr[k]), (c.madRatio, truth.mad[k])].enumerated() {
                if ratio.contains(value) { covered[k][j] += 1 }
                widths[k][j].append(ratio.upper - ratio.lower)
            }
        }
    }
    print("[fleet] \(label), \(repetitions) repetitions, block bootstrap (pooled) in \(blocks):")
    for (k, name) in names.enumerated() {
        let rates = covered[k].map { String(format: "%.3f", Double($0) / Double(repetitions)) }
        let w = widths[k].map { let s = $0.sorted(); return String(format: "%.3g", s[s.count / 2]) }
        print("  \(name): coverage variance \(rates[0]), IQR \(rates[1]), MAD \(rates[2]); median width \(w.joined(separator: " / "))")
    }
    fflush(stdout)
}

let truth = truths()
if which == "demo" || which == "all" { run("1,000 requests at 100 ms", spacing: .milliseconds(100), seed: 302, n: 1000, truth: truth) }
if which == "second" || which == "all" { run("1,000 requests at 1 s", spacing: .seconds(1), seed: 301, n: 1000, truth: truth) }
if which == "reproduce" || which == "all" { run("6,000 requests at 100 ms", spacing: .milliseconds(100), seed: 300, n: 6000, truth: truth) }

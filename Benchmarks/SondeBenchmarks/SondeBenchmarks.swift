// sonde's own cost, measured with ordo-one/package-benchmark. `make bench` checks every
// benchmark against the p90 figures committed in Benchmarks/Thresholds with the tolerances
// below, which are loose on purpose: the figures come from a shared, noisy 2-core machine, and
// speed claims are made as ratios against a peer in the same run (Benchmarks/peers/).
import Benchmark

/// A time must grow fourfold at p90 before the check fails: other builds share this machine's two
/// cores and preempt whole iterations, which is also why every iteration does at least ~10 ms of
/// work. Allocation counts are nearly deterministic and get a tight band, so they are what catches
/// a real regression. Improvements past the band exit 4: refresh with `Benchmarks/bench.sh update`.
func tolerances(_ metrics: [BenchmarkMetric]) -> [BenchmarkMetric: BenchmarkThresholds] {
    let all: [BenchmarkMetric: BenchmarkThresholds] = [
        .wallClock: .init(relative: [.p90: 300]),
        .cpuTotal: .init(relative: [.p90: 300]),
        .mallocCountTotal: .init(relative: [.p90: 15]),
    ]
    return all.filter { metrics.contains($0.key) }
}

/// The configuration of every benchmark; cpuTotal ticks in 10 ms here, so only long iterations
/// ask for it.
func configuration(_ metrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal]) -> Benchmark.Configuration {
    .init(metrics: metrics, warmupIterations: 1, maxDuration: .seconds(2), maxIterations: 50,
          thresholds: tolerances(metrics))
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = configuration()
    registerStoreBenchmarks()
    registerStatisticsBenchmarks()
    registerReportBenchmarks()
    registerProbeBenchmarks()
}

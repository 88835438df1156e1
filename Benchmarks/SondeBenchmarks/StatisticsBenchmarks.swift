#if canImport(Glibc)
import Glibc
#endif
import Benchmark
import Fixtures
import Histogram
import SondeCore

func registerStatisticsBenchmarks() {
    // Exact quantiles, mean, sd and MAD of one phase: two sorts of 100k values.
    Benchmark("Descriptive-100k-values") { benchmark, values in
        for _ in benchmark.scaledIterations {
            blackHole(Descriptive(values))
        }
    } setup: {
        (0..<Int64(100_000)).map { Double(SyntheticSamples.sample($0).totalUs ?? 0) }
    }

    // The whole latency analysis of a report: 4 providers x 25k samples, six phases each.
    Benchmark("LatencyAnalysis-4x25k-samples") { benchmark, data in
        for _ in benchmark.scaledIterations {
            blackHole(LatencyAnalysis(data))
        }
    } setup: {
        SyntheticSamples.runData(perProvider: 25_000)
    }

    // The gate's p99 rule on two large independent runs (issue 17): 200k values a side take the
    // rank-window path (GateStatistics+Window.swift), 1,000 resamples a side and 2,000
    // relabellings drawn only near the quantile's ranks.
    Benchmark("Gate-p99-2x200k-values-windowed") { (benchmark, sides: ([Double], [Double])) in
        for _ in benchmark.scaledIterations {
            blackHole(GateStatistics.quantileChange(baseline: sides.0, candidate: sides.1, p: 0.99,
                                                    level: GateStatistics.defaultLevel, seed: 1))
        }
    } setup: {
        var rng = SeededGenerator(seed: 17)
        func side() -> [Double] { (0..<200_000).map { _ in 20_000 * exp(0.4 * rng.normal()) } }
        return (side(), side())
    }

    // The HDR histogram planned for live aggregates (hdrhistogram-swift, 3 significant digits):
    // record 1M totals in microseconds, then read p50, p99 and p99.9.
    Benchmark("HDR-record-1M-and-percentiles") { benchmark, values in
        for _ in benchmark.scaledIterations {
            var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
            for value in values { _ = histogram.record(value) }
            blackHole(histogram.valueAtPercentile(50))
            blackHole(histogram.valueAtPercentile(99))
            blackHole(histogram.valueAtPercentile(99.9))
        }
    } setup: {
        (0..<Int64(1_000_000)).map { UInt64(SyntheticSamples.sample($0).totalUs ?? 0) }
    }
}

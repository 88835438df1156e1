import SondeCore

/// The numbers that benchmark trackers (Bencher, github-action-benchmark) chart, one per
/// provider and measure, each with sonde's interval: the latency probe's total time at p50, p90
/// and p99 (type-7, as every sonde report) with distribution-free order-statistic intervals
/// (`OrderStatisticInterval`), and the error rate with Wilson score bounds. No mean: a bootstrap
/// of i.i.d. resamples misstates the interval of an autocorrelated latency series.
/// Smaller is better for every measure.
struct BenchmarkFigures {
    /// One charted number.
    struct Figure {
        /// The provider (the benchmark, in the trackers' vocabulary).
        var provider: String
        /// The measure's slug, e.g. `latency-p99`.
        var measure: String
        var unit: String
        var value: Double
        var lower: Double
        var upper: Double
        /// Values the figure comes from.
        var count: Int
    }

    /// Two-sided confidence of every interval; sonde's default (`AnalysisOptions.confidence`).
    static let confidence = 0.95
    /// The quantiles charted, with their measure slugs.
    static let quantiles: [(slug: String, p: Double)] = [("latency-p50", 0.5), ("latency-p90", 0.9), ("latency-p99", 0.99)]

    var figures: [Figure] = []

    init(_ input: ReportInput) {
        for series in input.data.series {
            let name = series.provider.name
            let sorted = series.samples.compactMap { $0.succeeded ? $0.totalUs.map { Double($0) / 1000 } : nil }.sorted()
            if !sorted.isEmpty {
                for (slug, p) in Self.quantiles {
                    guard let interval = OrderStatisticInterval(count: sorted.count, p: p, confidence: Self.confidence) else { continue }
                    let bounds = interval.bounds(sorted)
                    figures.append(Figure(provider: name, measure: slug, unit: "ms", value: Quantile.ofSorted(sorted, p),
                                          lower: bounds.lower, upper: bounds.upper, count: sorted.count))
                }
            }
            let attempts = series.samples.count
            guard attempts > 0 else { continue }
            let failures = attempts - series.samples.filter(\.succeeded).count
            let tail = (1 - Self.confidence) / 2
            let rate = Double(failures) / Double(attempts)
            // At 0 failures the Wilson lower bound is 0 up to rounding (~1e-18): keep the bounds around the value.
            figures.append(Figure(provider: name, measure: "error-rate", unit: "ratio", value: rate,
                                  lower: min(rate, WilsonScore.lowerBound(successes: failures, trials: attempts, level: tail)),
                                  upper: max(rate, WilsonScore.upperBound(successes: failures, trials: attempts, level: tail)), count: attempts))
        }
    }
}

import SondeCore

/// The report's charts built from a `ReportInput`: one style per provider for the whole page,
/// successful total times in milliseconds, and the comparisons with the baseline.
struct HTMLFigures {
    let input: ReportInput
    let styles: [String: SeriesStyle]
    let baseline: String?
    /// Seconds of the probing window (see `probingWindow`).
    let durationS: Double
    /// The window's start, nanoseconds since the epoch: time zero of the charts over time.
    let originNs: Int64

    init(_ input: ReportInput) {
        self.input = input
        baseline = input.variance?.options.baseline
        styles = Palette.styles(input.data.series.map(\.provider.name), baseline: baseline)
        let (origin, end) = Self.probingWindow(input.data)
        originNs = origin
        durationS = max(Double(end - origin) / 1e9, 1e-3)
    }

    /// From the first attempt's intended send to the last attempt's end: the probing window,
    /// which leaves out provisioning before it and teardown after it.
    static func probingWindow(_ data: RunData) -> (originNs: Int64, endNs: Int64) {
        var origin = Int64.max, end = Int64.min
        for series in data.series {
            for sample in series.samples {
                origin = min(origin, sample.intendedNs, sample.startedNs)
                end = max(end, sample.startedNs + (sample.totalUs ?? 0) * 1000)
            }
        }
        guard origin <= end else {
            let start = data.run.info.startedNs
            return (start, max(data.run.finishedNs ?? start, start))
        }
        return (origin, end)
    }

    func style(_ name: String) -> SeriesStyle {
        styles[name] ?? SeriesStyle(colour: Palette.muted, isBaseline: false)
    }

    /// Successful total times of one provider, milliseconds, in schedule order.
    func totalsMs(_ series: ProviderSeries) -> [Double] {
        series.samples.compactMap { $0.succeeded ? $0.totalUs.map { Double($0) / 1000 } : nil }
    }

    var cdf: CDFChart {
        CDFChart(series: input.data.series.map { CDFChart.Series(name: $0.provider.name, style: style($0.provider.name), valuesMs: totalsMs($0)) })
    }

    var boxes: BoxPlotChart {
        BoxPlotChart(boxes: input.data.series.compactMap { BoxPlotChart.Box(name: $0.provider.name, style: style($0.provider.name), valuesMs: totalsMs($0)) })
    }

    var smoke: SmokeChart {
        let start = originNs
        let count = SmokeChart.bucketCount(attempts: input.data.series.map(\.samples.count).max() ?? 0)
        let panels = input.data.series.map { series in
            let samples = series.samples.compactMap { sample -> (seconds: Double, ms: Double)? in
                guard sample.succeeded, let total = sample.totalUs else { return nil }
                return (Double(sample.startedNs - start) / 1e9, Double(total) / 1000)
            }
            return SmokeChart.Panel(name: series.provider.name, style: style(series.provider.name), samples: samples, durationS: durationS, count: count)
        }
        return SmokeChart(panels: panels.filter { !$0.buckets.isEmpty }, durationS: durationS)
    }

    /// Providers first, then the pooled DePIN groups (drawn as diamonds).
    var forest: ForestPlotChart? {
        guard let variance = input.variance else { return nil }
        let subjects = variance.comparisons(.provider) + variance.comparisons(.depinPooled) + variance.comparisons(.depinMixture)
        let rows = subjects.map { c in
            ForestPlotChart.Row(label: c.name, point: c.spread.varianceRatio.point, lower: c.spread.varianceRatio.lower,
                                upper: c.spread.varianceRatio.upper, isGroup: c.subject != .provider,
                                colour: c.subject == .provider ? style(c.name).colour : Palette.baseline)
        }
        return ForestPlotChart(rows: rows, baseline: variance.options.baseline, confidence: variance.options.confidence)
    }

    /// The baseline at exactly 1, then every provider with a throughput comparison.
    var throughput: ThroughputChart? {
        guard let variance = input.variance else { return nil }
        var bars = [ThroughputChart.Bar(label: variance.options.baseline, style: style(variance.options.baseline), point: 1)]
        for c in variance.comparisons(.provider) {
            guard let t = c.throughputRatio else { continue }
            bars.append(ThroughputChart.Bar(label: c.name, style: style(c.name), point: t.point, lower: t.lower, upper: t.upper))
        }
        return ThroughputChart(bars: bars, baseline: variance.options.baseline, measure: "mean body bytes / total time")
    }
}

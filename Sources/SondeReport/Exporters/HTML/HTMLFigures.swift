import SondeCore

/// The report's charts built from a `ReportInput`: one style per provider for the whole page,
/// successful total times in milliseconds, and the comparisons with the baseline.
struct HTMLFigures {
    let input: ReportInput
    let styles: [String: SeriesStyle]
    let baseline: String?
    /// Seconds from the run's start to its end (or its last attempt).
    let durationS: Double

    init(_ input: ReportInput) {
        self.input = input
        baseline = input.variance?.options.baseline
        styles = Palette.styles(input.data.series.map(\.provider.name), baseline: baseline)
        let start = input.data.run.info.startedNs
        let lastSample = input.data.series.flatMap { $0.samples.map(\.startedNs) }.max() ?? start
        durationS = max(Double(max(lastSample, input.data.run.finishedNs ?? start) - start) / 1e9, 1e-3)
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
        let start = input.data.run.info.startedNs
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

import SondeCore

/// SmokePing-style history of one provider across runs: per UTC time window the median line
/// with the p50–p90 and p90–p99 "smoke" above it (log scale), and each window's error rate as a
/// coloured mark along the top (grey: no error; orange to red as the rate grows); each run's
/// median as a dot at its start, and each change point as a dashed vertical line at its run, so
/// a span shorter than one window still shows its runs.
struct HistorySmokeChart {
    var name: String
    var style: SeriesStyle
    var windows: [HistoryWindow]
    var runs: [HistoryAnalysis.RunPoint] = []
    var changes: [HistoryAnalysis.MetricChange] = []
    var firstNs: Int64
    var lastNs: Int64

    static let title = "Latency by window: median, p90 and p99 smoke; dots: run medians"

    var takeaway: String {
        let succeeded = windows.compactMap { w in w.p50.map { (w, $0.value) } }
        guard let worst = succeeded.max(by: { $0.1 < $1.1 }), let best = succeeded.min(by: { $0.1 < $1.1 }) else {
            return "\(name): no attempt succeeded, so there is no series to draw."
        }
        let errors = windows.filter { $0.failures > 0 }.count
        return "\(name): window medians from \(SVGNumber.ms(best.1 / 1000)) to \(SVGNumber.ms(worst.1 / 1000)) (highest in the window "
            + "starting \(RunListExporter.timestamp(worst.0.startNs))); \(errors) of \(windows.count) windows had errors."
    }

    func svg() -> String {
        var frame = ChartFrame(height: 220)
        frame.top = 52
        let values = (windows.flatMap { [$0.p50?.value, $0.p99?.value ?? $0.p90?.value] } + runs.map(\.medianUs))
            .compactMap { $0 }.map { $0 / 1000 }
        let lowest = max(values.min() ?? 1, 1e-3), highest = max(values.max() ?? 10, lowest * 1.01)
        let startNs = windows.first?.startNs ?? firstNs, endNs = max(windows.last?.endNs ?? lastNs, startNs + 1)
        let hours = { (ns: Int64) in Double(ns - startNs) / 3.6e12 }
        let x = Scale(.linear, lower: 0, upper: hours(endNs), from: frame.plotLeft, to: frame.plotRight)
        let y = Scale.nice(.log, lower: lowest, upper: highest, from: frame.plotBottom, to: frame.plotTop)
        var svg = SVGWriter()
        frame.xAxis(x, title: "hours since \(RunListExporter.timestamp(startNs)) (UTC)", into: &svg)
        frame.yAxis(y, title: "ms (log scale)", into: &svg)
        var marks = SVGWriter()
        for window in windows {
            let left = x(hours(window.startNs)), right = x(hours(window.endNs))
            if let p50 = window.p50?.value, let p90 = window.p90?.value {
                let p99 = window.p99?.value ?? p90
                marks.rect(left, y(p99 / 1000), right - left, max(y(p90 / 1000) - y(p99 / 1000), 0.5), fill: style.colour, opacity: 0.15)
                marks.rect(left, y(p90 / 1000), right - left, max(y(p50 / 1000) - y(p90 / 1000), 0.5), fill: style.colour, opacity: 0.35)
                marks.line(left, y(p50 / 1000), right, y(p50 / 1000), stroke: style.colour, width: 2)
            }
            let colour = window.failures == 0 ? Palette.grid : (window.errorRate < 0.01 ? "#E69F00" : "#D55E00")
            marks.rect(left, frame.plotTop - 10, max(right - left - 1, 1), 6, fill: colour,
                       tooltip: "error rate \(NumberFormat.fixed(window.errorRate, digits: 4)) (\(window.failures) of \(window.attempts))")
        }
        for run in runs {
            guard let median = run.medianUs else { continue }
            marks.circle(x(hours(run.startedNs)), y(median / 1000), radius: 1.8, fill: Palette.baseline,
                         tooltip: "run \(run.runID): median \(NumberFormat.ms(median)) ms")
        }
        // Metrics changing at the same run share one line and one label.
        for startNs in Set(changes.map(\.startedNs)).sorted() {
            let at = x(hours(startNs))
            let metrics = changes.filter { $0.startedNs == startNs }.map(\.metric.rawValue)
            marks.line(at, frame.plotTop, at, frame.plotBottom, stroke: "#D55E00", width: 1.5, dash: "4 3")
            svg.label(metrics.joined(separator: ", ") + " change", at + 3, frame.plotTop + 12, size: 10, fill: "#D55E00")
        }
        svg.label(name + (style.isBaseline ? " (baseline)" : ""), frame.plotLeft, frame.plotTop - 16, size: 11, weight: "600",
                  fill: style.colour)
        svg.group([("class", "marks")]) { $0.append(marks) }
        return frame.document(title: Self.title, description: takeaway, body: svg.text)
    }
}

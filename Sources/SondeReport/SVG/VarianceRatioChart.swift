import SondeCore

/// One DePIN provider's (or the pooled DePIN) variance ratio against the baseline over time: per
/// window the ratio as a step line and its cluster-bootstrap interval as a band (log scale, so
/// ×2 and ÷2 are equally far from the dashed line at 1, equal spread).
struct VarianceRatioChart {
    var series: VarianceRatioHistory.Series
    var baseline: String
    var style: SeriesStyle
    var confidence: Double
    var several: Bool

    static let title = "Variance ratio against the baseline by window, with its interval band"

    var name: String { several ? "\(series.candidate) @ \(series.vantage ?? "no vantage")" : series.candidate }

    var takeaway: String {
        guard let worst = series.windows.max(by: { $0.ratio < $1.ratio }), let best = series.windows.min(by: { $0.ratio < $1.ratio }) else {
            return "\(name): no window to draw."
        }
        let above = series.windows.filter { ($0.lower ?? 0) > 1 }.count
        return "\(name) against \(baseline): variance ratio from \(NumberFormat.fixed(best.ratio, digits: 2)) to "
            + "\(NumberFormat.fixed(worst.ratio, digits: 2)) (highest in the window starting \(RunListExporter.timestamp(worst.startNs))); "
            + "\(above) of \(series.windows.count) windows have their whole \(NumberFormat.fixed(confidence * 100, digits: 0))% interval above 1."
    }

    func svg() -> String {
        var frame = ChartFrame(height: 200)
        frame.top = 40
        let values = series.windows.flatMap { [$0.ratio, $0.lower, $0.upper].compactMap { $0 } }.filter { $0 > 0 } + [1]
        let lowest = max(values.min()! / 1.1, 1e-6), highest = max(values.max()! * 1.1, lowest * 1.01)
        let startNs = series.windows.first!.startNs, endNs = max(series.windows.last!.endNs, startNs + 1)
        let hours = { (ns: Int64) in Double(ns - startNs) / 3.6e12 }
        let x = Scale(.linear, lower: 0, upper: hours(endNs), from: frame.plotLeft, to: frame.plotRight)
        let y = Scale.nice(.log, lower: lowest, upper: highest, from: frame.plotBottom, to: frame.plotTop)
        var svg = SVGWriter()
        frame.xAxis(x, title: "hours since \(RunListExporter.timestamp(startNs)) (UTC)", into: &svg)
        frame.yAxis(y, title: "variance ratio (log scale)", into: &svg)
        var marks = SVGWriter()
        marks.line(frame.plotLeft, y(1), frame.plotRight, y(1), stroke: Palette.baseline, width: 1, dash: "4 3")
        for window in series.windows {
            let left = x(hours(window.startNs)), right = x(hours(window.endNs))
            if let lower = window.lower, let upper = window.upper, lower > 0 {
                marks.rect(left, y(upper), right - left, max(y(lower) - y(upper), 0.5), fill: style.colour, opacity: 0.25)
            }
            marks.line(left, y(window.ratio), right, y(window.ratio), stroke: style.colour, width: 2)
        }
        svg.label("\(name) / \(baseline)", frame.plotLeft, frame.plotTop - 12, size: 11, weight: "600", fill: style.colour)
        svg.group([("class", "marks")]) { $0.append(marks) }
        return frame.document(title: Self.title, description: takeaway, body: svg.text)
    }
}

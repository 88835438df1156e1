/// Variance ratios (subject / baseline) with their confidence intervals on a log axis, one row
/// per subject, with reference lines at 1x (same spread as the baseline) and 5x.
struct ForestPlotChart {
    /// One subject's ratio and interval.
    struct Row {
        var label: String
        var point: Double
        var lower: Double
        var upper: Double
        /// Group rows (pooled DePIN) are drawn as diamonds, as meta-analyses draw pooled estimates.
        var isGroup: Bool
        var colour: String
    }

    static let title = "Latency variance relative to the baseline"

    var rows: [Row]
    var baseline: String
    /// Confidence level of the intervals, e.g. 0.95.
    var confidence: Double

    var isEmpty: Bool { rows.isEmpty }

    var takeaway: String {
        guard let largest = rows.filter({ !$0.isGroup }).max(by: { $0.point < $1.point }) ?? rows.first else {
            return "No provider could be compared with the baseline \(baseline)."
        }
        let providers = rows.filter { !$0.isGroup }
        let above = providers.filter { $0.lower > 1 }.count
        let level = SVGNumber.fixed(confidence * 100, 0)
        if above == 0 {
            return "No provider's \(level)% interval lies wholly above 1x, so none has shown more variance than the baseline "
                + "\(baseline); the largest ratio is \(largest.label)'s \(SVGNumber.times(largest.point)) "
                + "(\(SVGNumber.fixed(largest.lower, 1))–\(SVGNumber.fixed(largest.upper, 1))x)."
        }
        return "\(above) of \(providers.count) providers have a variance ratio whose whole \(SVGNumber.fixed(confidence * 100, 0))% "
            + "interval lies above 1x (more variance than the baseline \(baseline)); the largest is \(largest.label)'s "
            + "\(SVGNumber.times(largest.point)) (\(SVGNumber.fixed(largest.lower, 1))–\(SVGNumber.fixed(largest.upper, 1))x)."
    }

    func svg() -> String {
        let rowHeight = 28.0
        var frame = ChartFrame(height: 40 + 44 + rowHeight * Double(max(rows.count, 1)) + 8)
        frame.left = 200
        frame.right = 52
        let finite = rows.flatMap { [$0.lower, $0.point, $0.upper] }.filter { $0.isFinite && $0 > 0 }
        let x = Scale.nice(.log, lower: min(finite.min() ?? 0.5, 0.5), upper: max(finite.max() ?? 10, 6),
                           from: frame.plotLeft, to: frame.plotRight)
        var svg = SVGWriter()
        frame.xAxis(x, title: "variance ratio to \(ChartFrame.clipped(baseline, 28)) (log scale; 1 = same spread)", into: &svg)
        svg.group([("class", "marks")]) { g in
            g.line(x(1), frame.plotTop, x(1), frame.plotBottom, stroke: Palette.baseline, width: 1.5)
            g.line(x(5), frame.plotTop, x(5), frame.plotBottom, stroke: Palette.muted, dash: "3 3")
            g.label("5x", x(5) + 3, frame.plotTop - 4, size: 10, fill: Palette.muted)
            for (i, row) in rows.enumerated() {
                let mid = frame.plotTop + rowHeight * (Double(i) + 0.5) + 4
                g.label(ChartFrame.clipped(row.label, 24), frame.plotLeft - 8, mid + 4, anchor: "end", weight: row.isGroup ? "600" : nil)
                g.line(x(row.lower), mid, x(row.upper), mid, stroke: row.colour, width: 2)
                for end in [row.lower, row.upper] {
                    g.line(x(end), mid - 5, x(end), mid + 5, stroke: row.colour, width: 2)
                }
                let px = x(row.point)
                if row.isGroup {
                    g.polygon([(px - 7, mid), (px, mid - 7), (px + 7, mid), (px, mid + 7)], fill: row.colour, opacity: 1)
                } else {
                    g.rect(px - 4.5, mid - 4.5, 9, 9, fill: row.colour,
                           tooltip: "\(row.label): \(SVGNumber.times(row.point)) (\(SVGNumber.fixed(row.lower, 2))–\(SVGNumber.fixed(row.upper, 2))x)")
                }
                g.label(SVGNumber.times(row.point), frame.plotRight + 6, mid + 4, size: 11, fill: Palette.muted)
            }
        }
        return frame.document(title: Self.title, description: takeaway, body: svg.text)
    }
}

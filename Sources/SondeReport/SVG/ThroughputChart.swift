/// Throughput of each provider relative to the baseline as bars from zero, with the confidence
/// interval as a whisker; the baseline's own bar is exactly 1 and has no interval.
struct ThroughputChart {
    /// One provider's ratio; `lower`/`upper` are nil for the baseline.
    struct Bar {
        var label: String
        var style: SeriesStyle
        var point: Double
        var lower: Double?
        var upper: Double?
    }

    static let title = "Throughput relative to the baseline"

    var bars: [Bar]
    var baseline: String
    /// What the throughput measures, for the axis title (e.g. "body bytes / total time").
    var measure: String

    var isEmpty: Bool { bars.isEmpty }

    var takeaway: String {
        let others = bars.filter { !$0.style.isBaseline }
        guard let lowest = others.min(by: { $0.point < $1.point }) else {
            return "No provider's throughput could be compared with the baseline \(baseline)."
        }
        let bound = others.map { max(abs(($0.lower ?? $0.point) - 1), abs(($0.upper ?? $0.point) - 1)) }.max() ?? 0
        if others.allSatisfy({ ($0.lower ?? $0.point) <= 1 && 1 <= ($0.upper ?? $0.point) }) {
            return "Every provider's throughput interval includes the baseline's: all within \(SVGNumber.fixed(bound * 100, 0))% of \(baseline)."
        }
        return "Lowest throughput: \(lowest.label) at \(SVGNumber.fixed(lowest.point, 2))x the baseline \(baseline)"
            + (lowest.lower.map { " (interval \(SVGNumber.fixed($0, 2))–\(SVGNumber.fixed(lowest.upper ?? $0, 2))x)" } ?? "") + "."
    }

    func svg() -> String {
        let rowHeight = 30.0
        var frame = ChartFrame(height: 40 + 44 + rowHeight * Double(max(bars.count, 1)) + 8)
        frame.left = 132
        let high = bars.map { max($0.point, $0.upper ?? 0) }.filter(\.isFinite).max() ?? 1
        let x = Scale.nice(.linear, lower: 0, upper: max(high * 1.05, 1.2), from: frame.plotLeft, to: frame.plotRight)
        var svg = SVGWriter()
        frame.xAxis(x, title: "\(measure), ratio to the baseline (1 = same)", into: &svg)
        svg.group([("class", "marks")]) { g in
            for (i, bar) in bars.enumerated() {
                let mid = frame.plotTop + rowHeight * (Double(i) + 0.5) + 4
                g.label(ChartFrame.clipped(bar.label) + (bar.style.isBaseline ? " ◆" : ""), frame.plotLeft - 8, mid + 4,
                        anchor: "end", weight: bar.style.isBaseline ? "600" : nil)
                g.rect(x(0), mid - 9, x(bar.point) - x(0), 18, fill: bar.style.colour, opacity: bar.style.isBaseline ? 0.35 : 0.75,
                       tooltip: "\(bar.label): \(SVGNumber.fixed(bar.point, 2))x")
                if let lower = bar.lower, let upper = bar.upper {
                    g.line(x(lower), mid, x(upper), mid, stroke: "#000000", width: 1.5)
                    g.line(x(lower), mid - 6, x(lower), mid + 6, stroke: "#000000", width: 1.5)
                    g.line(x(upper), mid - 6, x(upper), mid + 6, stroke: "#000000", width: 1.5)
                }
            }
            g.line(x(1), frame.plotTop, x(1), frame.plotBottom, stroke: Palette.baseline, width: 1.5, dash: "4 3")
        }
        return frame.document(title: Self.title, description: takeaway, body: svg.text)
    }
}

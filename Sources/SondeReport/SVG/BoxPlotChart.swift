import SondeCore

/// One horizontal box per provider on a log time axis: quartiles, Tukey whiskers (the most
/// extreme values within 1.5 IQR of the box) and the values beyond as dots. A box five times
/// wider than the baseline's is the variance ratio made visible.
struct BoxPlotChart {
    /// One provider's box, milliseconds.
    struct Box {
        var name: String
        var style: SeriesStyle
        var count: Int
        var q1: Double, median: Double, q3: Double
        var whiskerLow: Double, whiskerHigh: Double
        var outliers: [Double]

        var iqr: Double { q3 - q1 }

        /// Tukey's box of `valuesMs` (type-7 quartiles); nil for no values.
        init?(name: String, style: SeriesStyle, valuesMs: [Double]) {
            guard !valuesMs.isEmpty else { return nil }
            let sorted = valuesMs.sorted()
            self.name = name
            self.style = style
            count = sorted.count
            let lower = Quantile.ofSorted(sorted, 0.25), upper = Quantile.ofSorted(sorted, 0.75)
            let fence = 1.5 * (upper - lower)
            let low = sorted.first { $0 >= lower - fence } ?? sorted[0]
            let high = sorted.last { $0 <= upper + fence } ?? sorted[sorted.count - 1]
            q1 = lower
            median = Quantile.ofSorted(sorted, 0.5)
            q3 = upper
            whiskerLow = low
            whiskerHigh = high
            outliers = sorted.filter { $0 < low || $0 > high }
        }
    }

    static let title = "Latency spread per provider (box plot)"

    var boxes: [Box]

    var isEmpty: Bool { boxes.isEmpty }

    /// The widest box against the baseline's.
    var takeaway: String {
        guard let base = boxes.first(where: { $0.style.isBaseline }) else {
            guard let widest = boxes.max(by: { $0.iqr < $1.iqr }) else { return "No attempt succeeded, so there are no boxes to draw." }
            return "\(widest.name) has the widest middle half: an IQR of \(SVGNumber.ms(widest.iqr))."
        }
        guard let widest = boxes.filter({ !$0.style.isBaseline }).max(by: { $0.iqr < $1.iqr }) else {
            return "Only the baseline \(base.name) has successful attempts: IQR \(SVGNumber.ms(base.iqr))."
        }
        guard base.iqr > 0 else { return "The baseline's IQR is zero, so box widths cannot be compared." }
        return "\(widest.name)'s box (IQR \(SVGNumber.ms(widest.iqr))) is \(SVGNumber.fixed(widest.iqr / base.iqr, 1))x "
            + "as wide as the baseline \(base.name)'s (\(SVGNumber.ms(base.iqr)))."
    }

    func svg() -> String {
        let rowHeight = 34.0
        var frame = ChartFrame(height: 40 + 44 + rowHeight * Double(max(boxes.count, 1)) + 8)
        frame.left = 132
        let low = boxes.map { min($0.whiskerLow, $0.outliers.first ?? $0.whiskerLow) }.min() ?? 1
        let high = boxes.map { max($0.whiskerHigh, $0.outliers.last ?? $0.whiskerHigh) }.max() ?? 10
        let x = Scale.nice(.log, lower: low, upper: high, from: frame.plotLeft, to: frame.plotRight)
        var svg = SVGWriter()
        frame.xAxis(x, title: "total latency, ms (log scale)", into: &svg)
        svg.group([("class", "marks")]) { g in
            for (i, box) in boxes.enumerated() {
                let mid = frame.plotTop + rowHeight * (Double(i) + 0.5) + 4
                let half = rowHeight * 0.3
                let label = ChartFrame.clipped(box.name) + (box.style.isBaseline ? " ◆" : "")
                g.label(label, frame.plotLeft - 8, mid + 4, anchor: "end", weight: box.style.isBaseline ? "600" : nil)
                g.line(x(box.whiskerLow), mid, x(box.q1), mid, stroke: box.style.colour, width: 1.5)
                g.line(x(box.q3), mid, x(box.whiskerHigh), mid, stroke: box.style.colour, width: 1.5)
                for end in [box.whiskerLow, box.whiskerHigh] {
                    g.line(x(end), mid - half / 2, x(end), mid + half / 2, stroke: box.style.colour, width: 1.5)
                }
                let tooltip = "\(box.name): median \(SVGNumber.ms(box.median)), IQR \(SVGNumber.ms(box.q1))–\(SVGNumber.ms(box.q3)), n \(box.count)"
                g.rect(x(box.q1), mid - half, max(x(box.q3) - x(box.q1), 1), half * 2, fill: box.style.colour,
                       stroke: box.style.colour, opacity: box.style.isBaseline ? 0.25 : 0.35, tooltip: tooltip)
                g.line(x(box.median), mid - half, x(box.median), mid + half, stroke: "#000000", width: 2.5)
                var drawn = Set<Int>()
                // Dots that would land on the same pixel add nothing but bytes.
                for value in box.outliers where drawn.insert(Int(x(value).rounded())).inserted {
                    g.circle(x(value), mid, radius: 2.2, fill: "none", stroke: box.style.colour)
                }
            }
            if let base = boxes.first(where: { $0.style.isBaseline }) {
                g.line(x(base.median), frame.plotTop, x(base.median), frame.plotBottom, stroke: Palette.baseline, dash: "4 3")
                g.label("baseline median", x(base.median) + 4, frame.plotTop - 4, size: 10, fill: Palette.muted)
            }
        }
        return frame.document(title: Self.title, description: takeaway, body: svg.text)
    }
}

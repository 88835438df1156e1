import SondeCore

/// Latency CDF per provider on a log time axis: where each distribution sits, and how long its
/// tail is. The baseline is dark and dashed.
struct CDFChart {
    /// One provider's successful total times, milliseconds.
    struct Series {
        var name: String
        var style: SeriesStyle
        var sortedMs: [Double]

        init(name: String, style: SeriesStyle, valuesMs: [Double]) {
            self.name = name
            self.style = style
            sortedMs = valuesMs.sorted()
        }
    }

    static let title = "Latency distribution (CDF)"

    var series: [Series]

    var isEmpty: Bool { series.allSatisfy { $0.sortedMs.isEmpty } }

    /// The provider whose p99 is furthest above its own median, against the baseline's tail.
    var takeaway: String {
        let drawn = series.filter { !$0.sortedMs.isEmpty }
        guard !drawn.isEmpty else { return "No attempt succeeded, so there is no distribution to draw." }
        func tail(_ s: Series) -> Double { Quantile.ofSorted(s.sortedMs, 0.99) / max(Quantile.ofSorted(s.sortedMs, 0.5), 1e-9) }
        let candidates = drawn.filter { !$0.style.isBaseline }
        guard let worst = (candidates.isEmpty ? drawn : candidates).max(by: { tail($0) < tail($1) }) else { return "" }
        var sentence = "\(worst.name) has the longest tail: its p99 (\(SVGNumber.ms(Quantile.ofSorted(worst.sortedMs, 0.99)))) "
        sentence += "is \(SVGNumber.fixed(tail(worst), 1))x its median"
        if let base = drawn.first(where: { $0.style.isBaseline }), base.name != worst.name {
            sentence += ", against \(SVGNumber.fixed(tail(base), 1))x for the baseline \(base.name)"
        }
        return sentence + "."
    }

    func svg() -> String {
        var frame = ChartFrame(height: 340)
        frame.top = 36 + legendRows * 15 + 8
        let all = series.flatMap { [$0.sortedMs.first, $0.sortedMs.last] }.compactMap { $0 }
        let x = Scale.nice(.log, lower: all.min() ?? 1, upper: all.max() ?? 10, from: frame.plotLeft, to: frame.plotRight)
        let y = Scale(.linear, lower: 0, upper: 1, from: frame.plotBottom, to: frame.plotTop)
        var svg = SVGWriter()
        frame.legend(series.map { ($0.style.isBaseline ? "\($0.name) (baseline)" : $0.name, $0.style.colour, $0.style.dash) }, into: &svg)
        frame.xAxis(x, title: "total latency, ms (log scale)", into: &svg)
        frame.yAxis(y, title: "share of successful attempts ≤ x", into: &svg) { SVGNumber.label($0) }
        svg.group([("class", "marks")]) { g in
            for s in series where !s.sortedMs.isEmpty {
                g.polyline(steps(s.sortedMs).map { (x($0.0), y($0.1)) }, stroke: s.style.colour, width: 2, dash: s.style.dash)
            }
            for p in [0.5, 0.99] {
                g.line(frame.plotLeft, y(p), frame.plotRight, y(p), stroke: Palette.muted, dash: "2 3")
                g.label("p\(Int(p * 100))", frame.plotRight - 2, y(p) - 3, anchor: "end", size: 10, fill: Palette.muted)
            }
        }
        return frame.document(title: Self.title, description: takeaway, body: svg.text)
    }

    private var legendRows: Double {
        let width = series.reduce(0.0) { $0 + 28 + Double($1.name.count + ($1.style.isBaseline ? 11 : 0)) * 6.6 }
        return width > ChartFrame.width - 80 ? 2 : 1
    }

    /// Empirical CDF points: every sample of a small series; for a large one, about 400 evenly
    /// spaced order statistics plus the top 20, so the tail keeps its exact shape.
    private func steps(_ sorted: [Double]) -> [(Double, Double)] {
        let n = sorted.count
        var indices: [Int]
        if n <= 500 {
            indices = Array(0..<n)
        } else {
            let stride = Double(n - 20) / 400
            indices = (0..<400).map { Int(Double($0) * stride) } + Array((n - 20)..<n)
        }
        var points: [(Double, Double)] = [(sorted[0], 0)]
        for i in indices {
            points.append((sorted[i], Double(i) / Double(n)))
            points.append((sorted[i], Double(i + 1) / Double(n)))
        }
        return points
    }
}

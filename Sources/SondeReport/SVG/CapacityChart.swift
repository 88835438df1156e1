import SondeCore

/// The capacity sweep against offered rate, one line per provider over its constant-rate steps
/// in rate order: goodput (requests per second meeting the SLO) in one panel, TTFT p99 (log
/// scale) in the other, each provider's knee marked by a ring. Where goodput stops following the
/// offered rate and TTFT p99 climbs is where the server saturates.
struct CapacityChart {
    /// One provider's constant-rate steps, in offered-rate order.
    struct Series {
        var name: String
        var style: SeriesStyle
        var points: [Point]
        var kneeRate: Double?
    }

    /// One step: offered rate (req/s), goodput (req/s) and TTFT p99 (ms, nil without a success).
    struct Point {
        var rate: Double
        var goodput: Double
        var ttftP99Ms: Double?
    }

    /// Which panel.
    enum Panel {
        case goodput, ttft

        var title: String {
            switch self {
            case .goodput: return "Goodput against offered rate"
            case .ttft: return "TTFT p99 against offered rate"
            }
        }
    }

    var series: [Series]
    /// The TTFT SLO, milliseconds, drawn as a dashed line on the TTFT panel.
    var sloTTFTMs: Double? = nil

    init(series: [Series], sloTTFTMs: Double? = nil) {
        self.series = series
        self.sloTTFTMs = sloTTFTMs
    }

    /// The chart of a run's sweep, styled like the rest of the page.
    init(_ report: CapacityReport, style: (String) -> SeriesStyle) {
        series = report.providers.map { provider in
            let points = provider.sweep.steps.filter { $0.kind == .rate && $0.requests > 0 }.sorted { $0.offeredRate < $1.offeredRate }
                .map { Point(rate: $0.offeredRate, goodput: $0.goodputRequests, ttftP99Ms: $0.ttftUs.map { $0.p99 / 1000 }) }
            return Series(name: provider.name, style: style(provider.name), points: points, kneeRate: provider.sweep.knee?.rate)
        }
        sloTTFTMs = report.sloTTFT.map { Double($0.microseconds) / 1000 }
    }

    var isEmpty: Bool { series.allSatisfy { $0.points.isEmpty } }

    /// The provider with the highest knee, and the one with the lowest when they differ.
    var takeaway: String {
        let kneed = series.compactMap { s in s.kneeRate.map { (s.name, $0) } }.sorted { $0.1 > $1.1 }
        guard let best = kneed.first else {
            return "No provider met the SLO at any constant rate, so no knee is marked."
        }
        var sentence = "\(best.0) keeps meeting the SLO up to \(SVGNumber.fixed(best.1, 2)) req/s"
        if kneed.count > 1, let worst = kneed.last {
            sentence += "; \(worst.0) only up to \(SVGNumber.fixed(worst.1, 2)) req/s"
        }
        return sentence + ". Past the knee goodput stops following the offered rate and TTFT p99 climbs."
    }

    /// Both panels, goodput first.
    func svg() -> String { svg(.goodput) + svg(.ttft) }

    func svg(_ panel: Panel) -> String {
        var frame = ChartFrame(height: 300)
        frame.top = 36 + 15 + 8
        let points = series.flatMap(\.points)
        let rates = points.map(\.rate)
        let x = Scale.nice(.linear, lower: 0, upper: max(rates.max() ?? 1, 1e-3) * 1.05, from: frame.plotLeft, to: frame.plotRight)
        let value: (Point) -> Double? = panel == .goodput ? { $0.goodput } : { $0.ttftP99Ms }
        let values = points.compactMap(value).filter { $0.isFinite && (panel == .goodput || $0 > 0) }
            + (panel == .ttft ? [sloTTFTMs].compactMap { $0 }.filter { $0 > 0 } : [])
        let y: Scale
        switch panel {
        case .goodput:
            y = Scale.nice(.linear, lower: 0, upper: max(values.max() ?? 1, 1e-3) * 1.05, from: frame.plotBottom, to: frame.plotTop)
        case .ttft:
            y = Scale.nice(.log, lower: values.min() ?? 1, upper: max(values.max() ?? 10, (values.min() ?? 1) * 10),
                           from: frame.plotBottom, to: frame.plotTop)
        }
        var svg = SVGWriter()
        frame.legend(series.map { ($0.style.isBaseline ? "\($0.name) (baseline)" : $0.name, $0.style.colour, $0.style.dash) }, into: &svg)
        frame.xAxis(x, title: "offered rate, requests/s", into: &svg)
        frame.yAxis(y, title: panel == .goodput ? "goodput, requests/s" : "TTFT p99, ms (log scale)", into: &svg)
        svg.group([("class", "marks")]) { g in
            if panel == .ttft, let slo = sloTTFTMs, slo > 0 {
                g.line(frame.plotLeft, y(slo), frame.plotRight, y(slo), stroke: Palette.muted, dash: "2 3")
                g.label("SLO", frame.plotRight - 2, y(slo) - 3, anchor: "end", size: 10, fill: Palette.muted)
            }
            for s in series {
                let drawn = s.points.compactMap { p in value(p).flatMap { v in v.isFinite && (panel == .goodput || v > 0) ? (p, v) : nil } }
                guard !drawn.isEmpty else { continue }
                g.polyline(drawn.map { (x($0.0.rate), y($0.1)) }, stroke: s.style.colour, width: 2, dash: s.style.dash)
                for (p, v) in drawn {
                    let unit = panel == .goodput ? "req/s" : "ms"
                    g.circle(x(p.rate), y(v), radius: 3, fill: s.style.colour,
                             tooltip: "\(s.name) at \(SVGNumber.fixed(p.rate, 2)) req/s: \(SVGNumber.fixed(v, 2)) \(unit)")
                    if let knee = s.kneeRate, p.rate == knee {
                        g.circle(x(p.rate), y(v), radius: 7, fill: "none", stroke: s.style.colour,
                                 tooltip: "\(s.name) knee: \(SVGNumber.fixed(knee, 2)) req/s")
                    }
                }
            }
        }
        return frame.document(title: panel.title, description: takeaway, body: svg.text)
    }
}

/// The canvas of one chart: a fixed-width viewBox (scaled to the page by CSS), margins, the
/// title, axes with labelled ticks and units, and the `<svg>` wrapper with its accessible name.
struct ChartFrame {
    static let width = 640.0

    var height: Double
    var left = 64.0
    var right = 16.0
    var top = 40.0
    var bottom = 44.0

    var plotLeft: Double { left }
    var plotRight: Double { Self.width - right }
    var plotTop: Double { top }
    var plotBottom: Double { height - bottom }

    /// The whole `<svg>`: title drawn on top and given as `<title>` and `aria-label`; `body` holds
    /// axes and marks. Data marks go inside `<g class="marks">`, which the Chromium check counts.
    func document(title: String, description: String, body: String) -> String {
        var svg = SVGWriter()
        svg.open("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(SVGNumber.coordinate(Self.width)) \(SVGNumber.coordinate(height))"),
                         ("role", "img"), ("aria-label", title), ("font-family", "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"),
                         ("font-size", "12")])
        svg.open("title")
        var out = svg.text + HTML.escape(title) + "</title>\n<desc>" + HTML.escape(description) + "</desc>\n"
        var heading = SVGWriter()
        heading.label(title, 8, 20, size: 14, weight: "600")
        out += heading.text + body + "</svg>\n"
        return out
    }

    /// Grid lines, ticks and labels along the bottom, and the axis title with its unit.
    func xAxis(_ scale: Scale, title: String, into svg: inout SVGWriter, ticks: [Double]? = nil) {
        svg.group([("class", "axis x")]) { g in
            for tick in ticks ?? scale.ticks() {
                let x = scale(tick)
                g.line(x, plotTop, x, plotBottom, stroke: Palette.grid)
                g.label(SVGNumber.label(tick), x, plotBottom + 14, anchor: "middle", size: 11, fill: Palette.axis)
            }
            g.line(plotLeft, plotBottom, plotRight, plotBottom, stroke: Palette.axis)
            g.label(title, (plotLeft + plotRight) / 2, height - 8, anchor: "middle", fill: Palette.axis)
        }
    }

    /// Grid lines, ticks and labels up the left side, with a rotated axis title.
    func yAxis(_ scale: Scale, title: String, into svg: inout SVGWriter, format: (Double) -> String = SVGNumber.label) {
        svg.group([("class", "axis y")]) { g in
            for tick in scale.ticks() {
                let y = scale(tick)
                g.line(plotLeft, y, plotRight, y, stroke: Palette.grid)
                g.label(format(tick), plotLeft - 6, y + 4, anchor: "end", size: 11, fill: Palette.axis)
            }
            g.line(plotLeft, plotTop, plotLeft, plotBottom, stroke: Palette.axis)
            if !title.isEmpty { g.label(title, 14, (plotTop + plotBottom) / 2, anchor: "middle", fill: Palette.axis, rotate: true) }
        }
    }

    /// A legend row of coloured swatches under the title, wrapping onto a second row if needed.
    func legend(_ entries: [(String, String, String?)], into svg: inout SVGWriter, y: Double = 34) {
        var x = plotLeft
        var row = y
        svg.group([("class", "legend")]) { g in
            for (name, colour, dash) in entries {
                let width = 28 + Double(name.count) * 6.6
                if x + width > plotRight && x > plotLeft {
                    x = plotLeft
                    row += 15
                }
                g.line(x, row - 4, x + 18, row - 4, stroke: colour, width: 3, dash: dash)
                g.label(name, x + 22, row, size: 11)
                x += width
            }
        }
    }

    /// A short name that fits a row label column of `characters`.
    static func clipped(_ name: String, _ characters: Int = 18) -> String {
        name.count <= characters ? name : String(name.prefix(characters - 1)) + "…"
    }
}

/// One strip per provider across the run: up, degraded (some attempts failed), down (all
/// failed), no data. Colours differ in lightness as well as hue, so they survive colour
/// blindness and greyscale printing.
struct AvailabilityStripChart {
    static let title = "Availability over the run"
    static let colours: [AvailabilityStrip.State: String] = [.up: "#009E73", .degraded: "#E69F00", .down: "#000000", .unknown: "#FFFFFF"]

    var strip: AvailabilityStrip

    var isEmpty: Bool { strip.rows.isEmpty }

    var takeaway: String {
        let downs = strip.rows.map { row in (row, row.episodes.filter { $0.state == .down }.map { $0.endS - $0.startS }.max() ?? 0) }
        if let (row, longest) = downs.max(by: { $0.1 < $1.1 }), longest > 0 {
            return "\(row.provider) was down (every attempt failing) for up to \(SVGNumber.fixed(longest, 1)) s at a stretch; "
                + "\(row.failures) of \(row.attempts) attempts failed."
        }
        if let worst = strip.rows.max(by: { $0.seconds(.degraded) < $1.seconds(.degraded) }), worst.failures > 0 {
            return "No provider was ever fully down; \(worst.provider) had failing attempts during "
                + "\(SVGNumber.fixed(worst.seconds(.degraded), 1)) s of the run (\(worst.failures) of \(worst.attempts) attempts)."
        }
        return "Every provider answered every attempt throughout the run."
    }

    func svg() -> String {
        let rowHeight = 26.0
        var frame = ChartFrame(height: 52 + 44 + rowHeight * Double(max(strip.rows.count, 1)) + 8)
        frame.left = 132
        frame.top = 52
        let x = Scale(.linear, lower: 0, upper: max(strip.durationS, 1e-3), from: frame.plotLeft, to: frame.plotRight)
        var svg = SVGWriter()
        let states: [AvailabilityStrip.State] = [.up, .degraded, .down, .unknown]
        frame.legend(states.map { ($0 == .unknown ? "no data" : $0.rawValue, $0 == .unknown ? "#BBBBBB" : Self.colours[$0]!, nil) }, into: &svg)
        frame.xAxis(x, title: "time since the run started, s", into: &svg)
        svg.group([("class", "marks")]) { g in
            for (i, row) in strip.rows.enumerated() {
                let mid = frame.plotTop + rowHeight * (Double(i) + 0.5)
                g.label(ChartFrame.clipped(row.provider), frame.plotLeft - 8, mid + 4, anchor: "end")
                for episode in row.episodes {
                    g.rect(x(episode.startS), mid - 8, x(episode.endS) - x(episode.startS), 16, fill: Self.colours[episode.state]!,
                           stroke: episode.state == .unknown ? "#BBBBBB" : nil,
                           tooltip: "\(row.provider) \(episode.state.rawValue) \(SVGNumber.fixed(episode.startS, 1))–\(SVGNumber.fixed(episode.endS, 1)) s")
                }
            }
        }
        return frame.document(title: Self.title, description: takeaway, body: svg.text)
    }
}

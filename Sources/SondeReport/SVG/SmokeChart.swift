import SondeCore

/// SmokePing-style time series, one panel per provider on a shared log scale: per time bucket
/// a light p10–p90 band, a darker p25–p75 band and the median line, so it shows *when* the
/// variance happens (a band that thickens during a slow episode).
struct SmokeChart {
    /// Percentiles of the successful attempts that started in one time bucket, milliseconds.
    struct Bucket: Equatable {
        var startS: Double
        var endS: Double
        var count: Int
        var p10: Double, p25: Double, p50: Double, p75: Double, p90: Double
    }

    /// One provider's buckets; buckets without a success are left out, which leaves a gap.
    struct Panel {
        var name: String
        var style: SeriesStyle
        var buckets: [Bucket]

        /// Buckets `samples` (seconds since the run started, milliseconds) into `count` equal
        /// slices of `0..<durationS`.
        init(name: String, style: SeriesStyle, samples: [(seconds: Double, ms: Double)], durationS: Double, count: Int) {
            self.name = name
            self.style = style
            let width = max(durationS, 1e-9) / Double(count)
            var slots = Array(repeating: [Double](), count: count)
            for sample in samples {
                let index = min(max(Int(sample.seconds / width), 0), count - 1)
                slots[index].append(sample.ms)
            }
            buckets = slots.enumerated().compactMap { index, values in
                guard !values.isEmpty else { return nil }
                let sorted = values.sorted()
                return Bucket(startS: Double(index) * width, endS: Double(index + 1) * width, count: sorted.count,
                              p10: Quantile.ofSorted(sorted, 0.1), p25: Quantile.ofSorted(sorted, 0.25),
                              p50: Quantile.ofSorted(sorted, 0.5), p75: Quantile.ofSorted(sorted, 0.75),
                              p90: Quantile.ofSorted(sorted, 0.9))
            }
        }

        /// The bucket with the highest p90 and how far it is above the median bucket's p90.
        var worst: (bucket: Bucket, factor: Double)? {
            guard let top = buckets.max(by: { $0.p90 < $1.p90 }) else { return nil }
            let typical = Quantile.of(buckets.map(\.p90), 0.5)
            return (top, typical > 0 ? top.p90 / typical : 1)
        }
    }

    /// About 60 buckets, fewer when that would leave under 10 attempts per bucket: percentile
    /// bands of two or three values would only draw noise.
    static func bucketCount(attempts: Int) -> Int {
        min(60, max(1, attempts / 10))
    }

    static let title = "Latency over time (median with p25–p75 and p10–p90 bands)"

    var panels: [Panel]
    var durationS: Double

    var isEmpty: Bool { panels.allSatisfy { $0.buckets.isEmpty } }

    /// The provider whose worst time bucket stands out most from its typical bucket.
    var takeaway: String {
        let ranked = panels.compactMap { p in p.worst.map { (p, $0) } }
        guard let (panel, worst) = ranked.max(by: { $0.1.factor < $1.1.factor }) else {
            return "No attempt succeeded, so there is no time series to draw."
        }
        let when = "\(SVGNumber.fixed(worst.bucket.startS, 1))–\(SVGNumber.fixed(worst.bucket.endS, 1)) s"
        if worst.factor < 1.5 {
            return "Variance is steady over the run: no provider's p90 in any time bucket exceeds 1.5x its typical p90 "
                + "(largest: \(panel.name), \(SVGNumber.fixed(worst.factor, 1))x at \(when))."
        }
        return "Variance comes in bursts: \(panel.name)'s p90 reached \(SVGNumber.ms(worst.bucket.p90)) at \(when) into the run, "
            + "\(SVGNumber.fixed(worst.factor, 1))x its typical p90."
    }

    func svg() -> String {
        let panelHeight = 92.0, gap = 22.0
        var frame = ChartFrame(height: 0)
        frame.top = 44
        frame.height = frame.top + Double(max(panels.count, 1)) * (panelHeight + gap) - gap + frame.bottom
        let all = panels.flatMap { $0.buckets.flatMap { [$0.p10, $0.p90] } }
        let lowest = all.min() ?? 1, highest = all.max() ?? 10
        let x = Scale(.linear, lower: 0, upper: max(durationS, 1e-3), from: frame.plotLeft, to: frame.plotRight)
        var svg = SVGWriter()
        frame.xAxis(x, title: "time since the first probe was due, s", into: &svg)
        var marks = SVGWriter()
        for (i, panel) in panels.enumerated() {
            let top = frame.plotTop + Double(i) * (panelHeight + gap)
            let y = Scale.nice(.log, lower: lowest, upper: highest, from: top + panelHeight, to: top)
            var sub = frame
            sub.top = top
            sub.height = top + panelHeight + frame.bottom
            sub.yAxis(y, title: "", into: &svg)
            svg.label(panel.name + (panel.style.isBaseline ? " (baseline)" : ""), frame.plotLeft + 4, top - 4, size: 11,
                      weight: "600", fill: panel.style.colour)
            for run in contiguousRuns(panel.buckets) {
                marks.polygon(band(run, x: x, y: y, low: \.p10, high: \.p90), fill: panel.style.colour, opacity: 0.18)
                marks.polygon(band(run, x: x, y: y, low: \.p25, high: \.p75), fill: panel.style.colour, opacity: 0.4)
                marks.polyline(run.map { (x(($0.startS + $0.endS) / 2), y($0.p50)) }, stroke: panel.style.colour, width: 1.8)
                if run.count == 1, let only = run.first {
                    marks.circle(x((only.startS + only.endS) / 2), y(only.p50), radius: 2, fill: panel.style.colour)
                }
            }
        }
        svg.label("ms (log scale), shared by all panels", 14, (frame.plotTop + frame.plotBottom) / 2, anchor: "middle",
                  fill: Palette.axis, rotate: true)
        svg.group([("class", "marks")]) { $0.append(marks) }
        return frame.document(title: Self.title, description: takeaway, body: svg.text)
    }

    /// Buckets split where one is missing, so a gap in the data stays a gap in the drawing.
    private func contiguousRuns(_ buckets: [Bucket]) -> [[Bucket]] {
        var runs: [[Bucket]] = []
        for bucket in buckets {
            if let last = runs.last?.last, abs(last.endS - bucket.startS) < 1e-9 {
                runs[runs.count - 1].append(bucket)
            } else {
                runs.append([bucket])
            }
        }
        return runs
    }

    /// A band drawn as steps: flat across each bucket, upper edge forward, lower edge back.
    private func band(_ run: [Bucket], x: Scale, y: Scale, low: KeyPath<Bucket, Double>, high: KeyPath<Bucket, Double>) -> [(Double, Double)] {
        let upper = run.flatMap { [(x($0.startS), y($0[keyPath: high])), (x($0.endS), y($0[keyPath: high]))] }
        let lower = run.reversed().flatMap { [(x($0.endS), y($0[keyPath: low])), (x($0.startS), y($0[keyPath: low]))] }
        return upper + lower
    }
}

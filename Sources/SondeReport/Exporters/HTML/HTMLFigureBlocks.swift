import SondeCore

/// The charts a report section names (`ReportBlock.figure`), each with its takeaway, a note on how
/// it was drawn, and the chart's own numbers (box-plot whiskers, time buckets) where the
/// section's tables do not already hold them. An unknown figure id draws nothing.
struct HTMLFigureBlocks {
    let figures: HTMLFigures
    /// Overrides from the caller (`HTMLExporter`), drawn instead of what the run stored.
    let provisioning: ProvisioningTimeline?
    let availability: AvailabilityStrip?

    var input: ReportInput { figures.input }

    private static let noSuccess = "No attempt succeeded in this run, so there is no latency to draw."

    func render(_ id: String) -> String {
        switch id {
        case "distribution": return distribution()
        case "spread": return spread()
        case "over-time": return overTime()
        case "variance": return variance()
        case "throughput": return throughput()
        case "availability-strip": return latencyAvailability()
        case "availability": return heartbeatAvailability()
        case "provisioning": return provisioningTimeline()
        case "capacity": return capacity()
        default: return ""
        }
    }

    /// A figure (its `heading` is the chart's own title, or the note's when nothing is drawn),
    /// with its chart (or a note saying why there is none), a note on how it is drawn and tables.
    static func block(id: String, heading: String, svg: String?, takeaway: String, note: String? = nil, tables: [String] = []) -> String {
        var out = "<div class=\"figure-block\" id=\"fig-\(HTML.escape(id))\">\n"
        if svg == nil { out += "<h3>\(HTML.escape(heading))</h3>\n" }
        if let svg {
            out += "<figure>\n<div class=\"chart\">\n\(svg)</div>\n<figcaption>\(HTML.escape(takeaway))</figcaption>\n</figure>\n"
        } else {
            out += "<p class=\"note\">\(HTML.escape(note ?? takeaway))</p>\n"
        }
        if let note, svg != nil { out += "<p class=\"small\">\(HTML.escape(note))</p>\n" }
        return out + tables.joined() + "</div>\n"
    }

    func distribution() -> String {
        let chart = figures.cdf
        return Self.block(id: "distribution", heading: "Latency distribution", svg: chart.isEmpty ? nil : chart.svg(),
                          takeaway: chart.takeaway, note: chart.isEmpty ? Self.noSuccess : nil)
    }

    func spread() -> String {
        let chart = figures.boxes
        let base = chart.boxes.first { $0.style.isBaseline }
        let columns = ["n", "low whisker ms", "q1 ms", "median ms", "q3 ms", "high whisker ms", "IQR ms", "IQR / baseline", "outliers"]
        var table = HTMLTable(["provider"] + columns, numeric: columns)
        for b in chart.boxes {
            let ratio = base.flatMap { $0.iqr > 0 ? HTMLBlock.ratio(b.iqr / $0.iqr) : nil } ?? "–"
            table.add([b.name, String(b.count)] + [b.whiskerLow, b.q1, b.median, b.q3, b.whiskerHigh, b.iqr].map(HTMLBlock.msValue)
                      + [ratio, String(b.outliers.count)])
        }
        return Self.block(id: "spread", heading: "Spread per provider", svg: chart.isEmpty ? nil : chart.svg(), takeaway: chart.takeaway,
                          note: chart.isEmpty ? Self.noSuccess
                              : "Whiskers reach the most extreme attempt within 1.5 IQR of the box (Tukey); circles are the attempts beyond.",
                          tables: chart.isEmpty ? [] : [table.render()])
    }

    func overTime() -> String {
        let chart = figures.smoke
        let summaryColumns = ["buckets", "typical p90 ms", "worst p50 ms", "worst p90 ms", "worst / typical"]
        var summary = HTMLTable(["provider", "buckets", "typical p90 ms", "worst bucket s", "worst p50 ms", "worst p90 ms", "worst / typical"],
                                numeric: summaryColumns)
        let bucketColumns = ["from s", "to s", "n", "p10 ms", "p25 ms", "p50 ms", "p75 ms", "p90 ms"]
        var all = HTMLTable(["provider"] + bucketColumns, numeric: bucketColumns)
        for panel in chart.panels {
            if let worst = panel.worst {
                let typical = Quantile.of(panel.buckets.map(\.p90), 0.5)
                summary.add([panel.name, String(panel.buckets.count), HTMLBlock.msValue(typical),
                             "\(NumberFormatting.fixed(worst.bucket.startS, digits: 1))–\(NumberFormatting.fixed(worst.bucket.endS, digits: 1))",
                             HTMLBlock.msValue(worst.bucket.p50), HTMLBlock.msValue(worst.bucket.p90), HTMLBlock.ratio(worst.factor)])
            }
            for b in panel.buckets {
                all.add([panel.name, NumberFormatting.fixed(b.startS, digits: 1), NumberFormatting.fixed(b.endS, digits: 1), String(b.count)]
                        + [b.p10, b.p25, b.p50, b.p75, b.p90].map(HTMLBlock.msValue))
            }
        }
        let buckets = "<details><summary>Every bucket (\(chart.panels.reduce(0) { $0 + $1.buckets.count }) rows)</summary>\n"
            + all.render() + "</details>\n"
        let count = SmokeChart.bucketCount(attempts: input.data.series.map(\.samples.count).max() ?? 0)
        let width = NumberFormatting.fixed(chart.durationS / Double(count), digits: 1)
        return Self.block(id: "over-time", heading: "Latency over time", svg: chart.isEmpty ? nil : chart.svg(), takeaway: chart.takeaway,
                          note: chart.isEmpty ? Self.noSuccess
                              : "Seconds since the first probe was due (provisioning before it is not drawn); successful attempts grouped by start time into \(count) buckets of \(width) s; gaps are buckets without a success.",
                          tables: chart.isEmpty ? [] : [summary.render(), buckets])
    }

    func variance() -> String {
        guard let variance = input.variance, let chart = figures.forest, !chart.isEmpty else { return "" }
        var note = "Diamonds are pooled DePIN groups; whiskers are the intervals of the table below."
        if let pooled = variance.comparisons(.depinPooled).first {
            note += " The DePIN groups are " + pooled.providers.joined(separator: ", ") + "."
        }
        return Self.block(id: "variance", heading: "Variance relative to the baseline", svg: chart.svg(), takeaway: chart.takeaway, note: note)
    }

    func throughput() -> String {
        guard let variance = input.variance, let chart = figures.throughput, chart.bars.count > 1 else { return "" }
        return Self.block(id: "throughput", heading: "Throughput relative to the baseline", svg: chart.svg(), takeaway: chart.takeaway,
                          note: "Ratios of mean rates; the rates come from the \(variance.throughputSource).")
    }

    /// Up, degraded and down stretches from the latency probe's own attempts (no heartbeats).
    func latencyAvailability() -> String {
        let strip = availability ?? AvailabilityStrip.fromSamples(input.data)
        let chart = AvailabilityStripChart(strip: strip)
        let columns = ["attempts", "failed", "up s", "degraded s", "down s", "longest down s"]
        var table = HTMLTable(["provider"] + columns, numeric: columns)
        for row in strip.rows {
            let longest = row.episodes.filter { $0.state == .down }.map { $0.endS - $0.startS }.max() ?? 0
            table.add([row.provider, String(row.attempts), String(row.failures)]
                      + [row.seconds(.up), row.seconds(.degraded), row.seconds(.down), longest].map { NumberFormatting.fixed($0, digits: 1) })
        }
        return Self.block(id: "availability-strip", heading: "Availability", svg: chart.isEmpty ? nil : chart.svg(), takeaway: chart.takeaway,
                          note: chart.isEmpty ? "No provider in this run."
                              : "States from \(strip.source): up when every attempt succeeded, degraded when some failed, down when all failed.",
                          tables: chart.isEmpty ? [] : [table.render()])
    }

    /// Up and interrupted time per provider from the heartbeat probe.
    func heartbeatAvailability() -> String {
        guard let analysis = input.availability else { return "" }
        let strip = AvailabilityStrip.fromHeartbeats(analysis)
        let chart = AvailabilityStripChart(strip: strip)
        return Self.block(id: "availability", heading: "Interruptions over time", svg: chart.isEmpty ? nil : chart.svg(),
                          takeaway: chart.takeaway, note: "States from \(strip.source).")
    }

    /// Goodput and TTFT p99 against offered rate, from the capacity sweep.
    func capacity() -> String {
        guard let report = input.capacity else { return "" }
        // The page's styles extended in the same order, so providers that only swept get the
        // palette's next colours and the others keep theirs.
        let styles = Palette.styles(input.data.series.map(\.provider.name) + report.providers.map(\.name), baseline: figures.baseline)
        let chart = CapacityChart(report) { styles[$0] ?? figures.style($0) }
        return Self.block(id: "capacity", heading: "Capacity against offered rate", svg: chart.isEmpty ? nil : chart.svg(),
                          takeaway: chart.takeaway,
                          note: chart.isEmpty ? "No constant-rate step sent a request, so there is nothing to draw."
                              : "Constant-rate steps only (the synchronous and ceiling steps are in the table); rings mark each provider's knee.")
    }

    func provisioningTimeline() -> String {
        guard let timeline = provisioning ?? ProvisioningSection.timeline(input.provisions), !timeline.attempts.isEmpty else { return "" }
        let chart = ProvisioningTimelineChart(timeline: timeline)
        let stages = ProvisioningTimeline.Stage.allCases
        var table = HTMLTable(["provider", "attempt"] + stages.map { "\($0.rawValue) s" } + ["total s", "outcome"],
                              numeric: ["attempt", "total s"] + stages.map { "\($0.rawValue) s" })
        for a in timeline.attempts {
            let cells = stages.map { stage in a.stages.first { $0.stage == stage }.map { NumberFormatting.fixed($0.seconds, digits: 1) } ?? "–" }
            table.add([a.provider, String(a.attempt)] + cells + [NumberFormatting.fixed(a.totalSeconds, digits: 1), a.outcome])
        }
        return Self.block(id: "provisioning", heading: "Provisioning attempts", svg: chart.svg(), takeaway: chart.takeaway,
                          tables: ["<details><summary>Every attempt (\(timeline.attempts.count) rows)</summary>\n" + table.render() + "</details>\n"])
    }
}

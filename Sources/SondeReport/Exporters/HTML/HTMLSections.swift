import SondeCore

/// The latency sections of the HTML report: distribution, spread and variance over time.
struct HTMLSections {
    let figures: HTMLFigures

    var input: ReportInput { figures.input }

    private static let noSuccess = "No attempt succeeded in this run, so there is no latency to draw."

    func distribution() -> String {
        let chart = figures.cdf
        var table = HTMLTable(["provider", "kind", "region", "attempts", "errors", "n", "p50 ms", "p90 ms", "p99 ms",
                               "p99.9 ms", "max ms", "p99/p50"],
                              numeric: ["attempts", "errors", "n", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "p99/p50"])
        for p in input.latency.providers {
            var cells = [p.provider.name, p.provider.kind.rawValue, p.provider.region, String(p.attempts), String(p.errorCount)]
            if let s = p.total {
                cells += [String(s.count)] + [s.p50, s.p90, s.p99, s.p999, s.max].map(HTMLBlock.ms)
                cells.append(s.p50 > 0 ? HTMLBlock.ratio(s.p99 / s.p50) : "–")
            } else {
                cells += ["0"] + Array(repeating: "–", count: 6)
            }
            table.add(cells)
        }
        return HTMLBlock.section(id: "distribution", heading: "Latency distribution", svg: chart.isEmpty ? nil : chart.svg(),
                                 takeaway: chart.takeaway, note: chart.isEmpty ? Self.noSuccess : nil, tables: [table.render()])
    }

    func spread() -> String {
        let chart = figures.boxes
        let base = chart.boxes.first { $0.style.isBaseline }
        var table = HTMLTable(["provider", "n", "low whisker ms", "q1 ms", "median ms", "q3 ms", "high whisker ms", "IQR ms",
                               "IQR / baseline", "outliers"],
                              numeric: ["n", "low whisker ms", "q1 ms", "median ms", "q3 ms", "high whisker ms", "IQR ms",
                                        "IQR / baseline", "outliers"])
        for b in chart.boxes {
            let ratio = base.flatMap { $0.iqr > 0 ? HTMLBlock.ratio(b.iqr / $0.iqr) : nil } ?? "–"
            table.add([b.name, String(b.count)] + [b.whiskerLow, b.q1, b.median, b.q3, b.whiskerHigh, b.iqr].map(HTMLBlock.msValue)
                      + [ratio, String(b.outliers.count)])
        }
        return HTMLBlock.section(id: "spread", heading: "Spread per provider", svg: chart.isEmpty ? nil : chart.svg(),
                                 takeaway: chart.takeaway, note: chart.isEmpty ? Self.noSuccess : "Whiskers reach the most extreme attempt within 1.5 IQR of the box (Tukey); circles are the attempts beyond.",
                                 tables: [table.render()])
    }

    func overTime() -> String {
        let chart = figures.smoke
        var summary = HTMLTable(["provider", "buckets", "typical p90 ms", "worst bucket s", "worst p50 ms", "worst p90 ms", "worst / typical"],
                                numeric: ["buckets", "typical p90 ms", "worst p50 ms", "worst p90 ms", "worst / typical"])
        var all = HTMLTable(["provider", "from s", "to s", "n", "p10 ms", "p25 ms", "p50 ms", "p75 ms", "p90 ms"],
                            numeric: ["from s", "to s", "n", "p10 ms", "p25 ms", "p50 ms", "p75 ms", "p90 ms"])
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
        return HTMLBlock.section(id: "over-time", heading: "Latency over time", svg: chart.isEmpty ? nil : chart.svg(),
                                 takeaway: chart.takeaway,
                                 note: chart.isEmpty ? Self.noSuccess : "Successful attempts grouped by start time into \(count) buckets of \(width) s; gaps are buckets without a success.",
                                 tables: [summary.render(), buckets])
    }

    func availability(_ strip: AvailabilityStrip) -> String {
        let chart = AvailabilityStripChart(strip: strip)
        var table = HTMLTable(["provider", "attempts", "failed", "up s", "degraded s", "down s", "longest down s"],
                              numeric: ["attempts", "failed", "up s", "degraded s", "down s", "longest down s"])
        for row in strip.rows {
            let longest = row.episodes.filter { $0.state == .down }.map { $0.endS - $0.startS }.max() ?? 0
            table.add([row.provider, String(row.attempts), String(row.failures)]
                      + [row.seconds(.up), row.seconds(.degraded), row.seconds(.down), longest].map { NumberFormatting.fixed($0, digits: 1) })
        }
        return HTMLBlock.section(id: "availability", heading: "Availability", svg: chart.isEmpty ? nil : chart.svg(),
                                 takeaway: chart.takeaway,
                                 note: chart.isEmpty ? "No provider in this run." : "States from \(strip.source): up when every attempt succeeded, degraded when some failed, down when all failed.",
                                 tables: [table.render()])
    }

    func provisioning(_ timeline: ProvisioningTimeline?, analysis: ProvisioningAnalysis? = nil, note: String? = nil) -> String {
        guard let timeline, !timeline.attempts.isEmpty else {
            return HTMLBlock.section(id: "provisioning", heading: "Provisioning", svg: nil, takeaway: "",
                                     note: "No provisioning data in this run: the providers were already running, so there is no time-until-usable to show.",
                                     tables: [])
        }
        let chart = ProvisioningTimelineChart(timeline: timeline)
        let stages = ProvisioningTimeline.Stage.allCases
        var table = HTMLTable(["provider", "attempt"] + stages.map { "\($0.rawValue) s" } + ["total s", "outcome"],
                              numeric: ["attempt", "total s"] + stages.map { "\($0.rawValue) s" })
        for a in timeline.attempts {
            let cells = stages.map { stage in a.stages.first { $0.stage == stage }.map { NumberFormatting.fixed($0.seconds, digits: 1) } ?? "–" }
            table.add([a.provider, String(a.attempt)] + cells + [NumberFormatting.fixed(a.totalSeconds, digits: 1), a.outcome])
        }
        var tables = [table.render()]
        if let analysis, !analysis.providers.isEmpty {
            var summary = HTMLTable(["provider", "stage", "n", "p50 s", "p90 s", "max s", "success rate"],
                                    numeric: ["n", "p50 s", "p90 s", "max s", "success rate"])
            for p in analysis.providers {
                for s in p.stages {
                    summary.add([p.provider, s.stage.rawValue, String(s.n), ProvisioningSection.seconds(s.p50Seconds),
                                 ProvisioningSection.seconds(s.p90Seconds), ProvisioningSection.seconds(s.maxSeconds),
                                 "\(p.ready)/\(p.attempts)"])
                }
            }
            tables.insert(summary.render(), at: 0)
        }
        let explanation = ProvisioningSection.explanation + (note.map { " " + $0 } ?? "")
        return HTMLBlock.section(id: "provisioning", heading: "Provisioning", svg: chart.svg(), takeaway: chart.takeaway,
                                 note: analysis == nil ? nil : explanation, tables: tables)
    }
}

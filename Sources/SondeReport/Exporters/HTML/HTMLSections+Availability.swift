import SondeCore

extension HTMLSections {
    /// The availability section from the heartbeat probe: a strip of up and interrupted time per
    /// provider, the interruption figures and the checkpoint advice.
    func heartbeatAvailability(_ analysis: AvailabilityAnalysis) -> String {
        let strip = AvailabilityStrip.fromHeartbeats(analysis)
        let chart = AvailabilityStripChart(strip: strip)
        let level = AvailabilitySection.level(analysis)
        var figures = HTMLTable(["provider", "heartbeats", "failed", "interruptions", "availability", "observed", "MTBF",
                                 "\(level) interval", "MTTR"], numeric: ["heartbeats", "failed", "interruptions", "availability"])
        var advice = HTMLTable(["provider", "MTBF used", "checkpoint every (Daly)", "Young", "expected completion",
                                "lost per interruption", "P(done without checkpoints)", "expected completion without checkpoints"],
                               numeric: ["P(done without checkpoints)"])
        var sentences = ""
        for row in analysis.rows {
            figures.add([row.provider.name] + AvailabilitySection.cells(row))
            if let a = row.advice {
                advice.add([row.provider.name] + AvailabilitySection.adviceCells(a))
                sentences += "<li>\(HTML.escape(row.provider.name)): \(HTML.escape(AvailabilitySection.sentence(a)))</li>\n"
            }
        }
        let checkpointing = "<h3>Checkpointing</h3>\n<p class=\"small\">\(HTML.escape(AvailabilitySection.checkpointMethod(analysis.job)))</p>\n"
            + advice.render() + (sentences.isEmpty ? "" : "<ul>\n\(sentences)</ul>\n")
        return HTMLBlock.section(id: "availability", heading: "Availability", svg: chart.isEmpty ? nil : chart.svg(),
                                 takeaway: chart.takeaway, note: "States from \(strip.source). " + AvailabilitySection.method(analysis),
                                 tables: [figures.render(), checkpointing])
    }
}

extension AvailabilityStrip {
    /// Up and down stretches from the heartbeat probe's interruption episodes, in seconds since
    /// the earliest heartbeat; each provider is unknown before its first heartbeat and after its last.
    public static func fromHeartbeats(_ analysis: AvailabilityAnalysis) -> AvailabilityStrip {
        let origin = analysis.rows.map(\.startNs).min() ?? 0
        // A resumed run's gaps (sonde was down) are unknown, and the row ends after them.
        func end(_ row: AvailabilityAnalysis.Row) -> Double {
            let gapsUs = (row.gaps ?? []).reduce(0.0) { $0 + Double($1.endNs - $1.startNs) / 1000 }
            return Double(row.startNs - origin) / 1e9 + (row.observedUs + gapsUs) / 1e6
        }
        let duration = max(analysis.rows.map(end).max() ?? 0, 1e-3)
        let rows = analysis.rows.map { row -> Row in
            let start = Double(row.startNs - origin) / 1e9
            let end = end(row)
            var episodes: [Episode] = []
            var cursor = start
            if start > 0 { episodes.append(Episode(startS: 0, endS: start, state: .unknown)) }
            // Episodes and gaps in time order; an episode open at a gap ends at the gap.
            let gaps = (row.gaps ?? []).map { (Double($0.startNs - origin) / 1e9, Double($0.endNs - origin) / 1e9) }
            var marks = row.episodes.map { episode in
                let down = Double(episode.startNs - origin) / 1e9
                let up = episode.endNs.map { Double($0 - origin) / 1e9 }
                    ?? gaps.first { $0.0 >= down }?.0 ?? end
                return (down, up, State.down)
            }
            marks += gaps.map { ($0.0, $0.1, State.unknown) }
            for (from, to, state) in marks.sorted(by: { $0.0 < $1.0 }) {
                if from > cursor { episodes.append(Episode(startS: cursor, endS: from, state: .up)) }
                episodes.append(Episode(startS: from, endS: to, state: state))
                cursor = to
            }
            if end > cursor { episodes.append(Episode(startS: cursor, endS: end, state: .up)) }
            if duration > end { episodes.append(Episode(startS: end, endS: duration, state: .unknown)) }
            return Row(provider: row.provider.name, episodes: episodes, attempts: row.attempts, failures: row.failures)
        }
        return AvailabilityStrip(durationS: duration, rows: rows,
                                 source: "heartbeats (down: \(analysis.failuresToInterrupt)+ consecutive failures)")
    }
}

import SondeCore

extension AvailabilityStrip {
    /// Up and down stretches from the heartbeat probe's interruption episodes, in seconds since
    /// the earliest heartbeat; each provider is unknown before its first heartbeat, after its last,
    /// and in a resumed run's gaps (sonde was down).
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

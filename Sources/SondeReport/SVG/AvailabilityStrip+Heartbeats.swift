import SondeCore

extension AvailabilityStrip {
    /// Up and down stretches from the heartbeat probe's interruption episodes, in seconds since
    /// the earliest heartbeat; each provider is unknown before its first heartbeat and after its last.
    public static func fromHeartbeats(_ analysis: AvailabilityAnalysis) -> AvailabilityStrip {
        let origin = analysis.rows.map(\.startNs).min() ?? 0
        let duration = max(analysis.rows.map { Double($0.startNs - origin) / 1e9 + $0.observedUs / 1e6 }.max() ?? 0, 1e-3)
        let rows = analysis.rows.map { row -> Row in
            let start = Double(row.startNs - origin) / 1e9
            let end = start + row.observedUs / 1e6
            var episodes: [Episode] = []
            var cursor = start
            if start > 0 { episodes.append(Episode(startS: 0, endS: start, state: .unknown)) }
            for episode in row.episodes {
                let down = Double(episode.startNs - origin) / 1e9
                let up = episode.endNs.map { Double($0 - origin) / 1e9 } ?? end
                if down > cursor { episodes.append(Episode(startS: cursor, endS: down, state: .up)) }
                episodes.append(Episode(startS: down, endS: up, state: .down))
                cursor = up
            }
            if end > cursor { episodes.append(Episode(startS: cursor, endS: end, state: .up)) }
            if duration > end { episodes.append(Episode(startS: end, endS: duration, state: .unknown)) }
            return Row(provider: row.provider.name, episodes: episodes, attempts: row.attempts, failures: row.failures)
        }
        return AvailabilityStrip(durationS: duration, rows: rows,
                                 source: "heartbeats (down: \(analysis.failuresToInterrupt)+ consecutive failures)")
    }
}

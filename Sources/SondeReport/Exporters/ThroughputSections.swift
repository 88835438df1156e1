import SondeCore

/// The Markdown sections of the bandwidth and load probes, appended to the latency report when
/// the run has such samples.
struct ThroughputSections {
    let escape: (String) -> String

    func markdown(_ input: ReportInput) -> String {
        var out = ""
        if let throughput = input.throughput, !throughput.rows.isEmpty { out += self.throughput(throughput) }
        if let load = input.load, !load.rows.isEmpty { out += self.load(load) }
        return out
    }

    private func mib(_ bytesPerSecond: Double?) -> String {
        bytesPerSecond.map { NumberFormatting.fixed($0 / 1_048_576, digits: 2) } ?? "–"
    }

    func throughput(_ analysis: ThroughputAnalysis) -> String {
        let level = NumberFormatting.fixed(analysis.confidence * 100, digits: 0)
        var out = "\n## Throughput\n\n"
        out += "MiB/s per transfer, time to first byte excluded: download = bytes / (total − first byte); "
        out += "upload = body bytes / (total − connection ready). CI: \(level)% percentile bootstrap of the mean "
        out += "(2,000 resamples, seeded). TTFB in milliseconds.\n\n"
        out += "| provider | direction | size | transfers | errors | p50 MiB/s | mean MiB/s | \(level)% CI | TTFB p50 |\n"
        out += "|---|---|--:|--:|--:|--:|--:|---|--:|\n"
        for row in analysis.rows {
            let ci = row.meanInterval.map { "\(mib($0.lower)) – \(mib($0.upper))" } ?? "–"
            let size = NumberFormatting.fixed(Double(row.bytes) / 1_048_576, digits: 1) + " MiB"
            out += "| \(escape(row.provider.name)) | \(row.direction.rawValue) | \(size) | \(row.transfers) | "
            out += "\(row.errors.reduce(0) { $0 + $1.count }) | \(mib(row.medianRate)) | \(mib(row.meanRate)) | \(ci) | "
            out += "\(row.medianTTFBUs.map { NumberFormatting.ms($0, digits: 2) } ?? "–") |\n"
        }
        return out
    }

    func load(_ analysis: LoadAnalysis) -> String {
        var out = "\n## Latency under load\n\n"
        out += "Open-loop arrivals over a connection pool. Corrected latency is timed from each request's intended "
        out += "send time (coordinated omission corrected, as wrk2), uncorrected from its actual send; successful "
        out += "requests only, from HDR histograms (3 significant digits). Late: sent more than 1 ms after the intended "
        out += "time; unsent: still queued when the duration ended. Times in milliseconds.\n\n"
        out += "| provider | target req/s | achieved req/s | sent | late | unsent | errors |\n|---|--:|--:|--:|--:|--:|---|\n"
        for row in analysis.rows {
            let errors = row.errors.isEmpty ? "0" : row.errors.map { "\($0.errorClass.rawValue) \($0.count)" }.joined(separator: ", ")
            out += "| \(escape(row.provider.name)) | \(row.targetRate.map { NumberFormatting.fixed($0, digits: 1) } ?? "max") | "
            out += "\(NumberFormatting.fixed(row.achievedRate, digits: 1)) | \(row.sent) | \(row.late) | \(row.unsent) | \(errors) |\n"
        }
        let labels = LoadAnalysis.quantiles.map(\.label)
        out += "\n| provider | latency | " + labels.joined(separator: " | ") + " |\n|---|---|"
        out += String(repeating: "--:|", count: labels.count) + "\n"
        for row in analysis.rows {
            for (name, histogram) in [("corrected", row.corrected), ("uncorrected", row.uncorrected)] {
                let cells = LoadAnalysis.quantiles.map { histogram.quantile($0.q).map { NumberFormatting.ms(Double($0), digits: 2) } ?? "–" }
                out += "| \(escape(row.provider.name)) | \(name) | " + cells.joined(separator: " | ") + " |\n"
            }
        }
        return out
    }
}

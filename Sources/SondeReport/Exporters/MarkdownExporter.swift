import SondeCore

/// The Markdown report: per-provider statistics of the total time, errors by class, then every phase.
public struct MarkdownExporter: Exporter {
    public init() {}

    public func export(_ input: ReportInput) -> [UInt8] {
        let analysis = input.latency
        var out = "# sonde latency report\n\n"
        let run = analysis.run
        var facts = ["run `\(run.id)`", "status \(run.status)", "started \(NumberFormatting.timestamp(run.startedNs))"]
        if let label = run.label { facts.append("label \(escape(label))") }
        if let vantage = run.vantage { facts.append("vantage \(escape(vantage))") }
        out += facts.joined(separator: " · ") + "\n\n"
        if let provenance = input.provenance { out += "\(provenance)\n\n" }
        if let variance = input.variance {
            out += "**\(escape(variance.headline))**\n\n"
        } else if let note = input.varianceNote {
            out += "No comparison: \(escape(note)).\n\n"
        }
        out += "Times in milliseconds, over successful attempts only; quantiles are linear interpolation "
        out += "(Hyndman–Fan type 7); sd uses n−1; cv = sd/mean; MAD is unscaled.\n\n"

        out += "## Total time\n\n"
        out += table(analysis.providers.map { ($0, $0.total) }, phaseColumn: nil)

        out += "\n## Errors by class\n\n"
        let failing = analysis.providers.filter { !$0.errors.isEmpty }
        if failing.isEmpty {
            out += "No attempt failed.\n"
        } else {
            out += "| provider | error class | count | share of attempts |\n|---|---|--:|--:|\n"
            for provider in failing {
                for error in provider.errors {
                    let share = Double(error.count) / Double(max(provider.attempts, 1)) * 100
                    out += "| \(escape(provider.provider.name)) | \(error.errorClass.rawValue) | \(error.count) | "
                    out += "\(NumberFormatting.fixed(share, digits: 1))% |\n"
                }
            }
        }

        out += "\n## Phases\n\n"
        out += "Phase durations derived from libcurl's cumulative marks: dns; connect (TCP, after dns); "
        out += "tls (after connect); first_byte (connection ready to first byte); transfer (first to last byte). "
        out += "Phases that never happened (TLS on plain HTTP, any phase of a provider with no success) are left out.\n\n"
        var rows: [(LatencyAnalysis.ProviderLatency, Descriptive?, Phase)] = []
        for provider in analysis.providers {
            for phase in provider.phases where phase.phase != .total && phase.stats != nil {
                rows.append((provider, phase.stats, phase.phase))
            }
        }
        out += phaseTable(rows)
        if let variance = input.variance {
            out += "\n" + MarkdownComparison(analysis: variance, escape: escape).render()
        }
        out += ThroughputSections(escape: escape).markdown(input)
        out += LLMSection(escape: escape).markdown(input)
        out += AvailabilitySection(escape: escape).markdown(input)
        out += ProvisioningSection(escape: escape).markdown(input)
        return Array(out.utf8)
    }

    private static let statHeader = "p50 | p90 | p99 | p99.9 | max | mean | sd | cv | iqr | mad"

    private func table(_ rows: [(LatencyAnalysis.ProviderLatency, Descriptive?)], phaseColumn: Phase?) -> String {
        var out = "| provider | kind | region | attempts | errors | \(Self.statHeader) |\n"
        out += "|---|---|---|--:|--:|" + String(repeating: "--:|", count: 10) + "\n"
        for (provider, stats) in rows {
            out += "| \(escape(provider.provider.name)) | \(provider.provider.kind.rawValue) | \(escape(provider.provider.region)) "
            out += "| \(provider.attempts) | \(provider.errorCount) | \(statCells(stats)) |\n"
        }
        return out
    }

    private func phaseTable(_ rows: [(LatencyAnalysis.ProviderLatency, Descriptive?, Phase)]) -> String {
        var out = "| provider | phase | n | \(Self.statHeader) |\n"
        out += "|---|---|--:|" + String(repeating: "--:|", count: 10) + "\n"
        for (provider, stats, phase) in rows {
            out += "| \(escape(provider.provider.name)) | \(phase.rawValue) | \(stats?.count ?? 0) | \(statCells(stats)) |\n"
        }
        return out
    }

    private func statCells(_ stats: Descriptive?) -> String {
        guard let s = stats else { return Array(repeating: "–", count: 10).joined(separator: " | ") }
        let ms = [s.p50, s.p90, s.p99, s.p999, s.max, s.mean, s.standardDeviation].map { NumberFormatting.ms($0, digits: 3) }
        return (ms + [NumberFormatting.fixed(s.coefficientOfVariation, digits: 3),
                      NumberFormatting.ms(s.iqr, digits: 3), NumberFormatting.ms(s.mad, digits: 3)])
            .joined(separator: " | ")
    }

    func escape(_ text: String) -> String { MarkdownText.escape(text) }
}

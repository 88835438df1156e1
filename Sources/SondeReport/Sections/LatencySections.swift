import SondeCore

/// The latency probe's sections: total time per provider, errors by class, and every phase.
struct LatencySections: ReportSectionSource {
    static let statColumns: [ReportTable.Column] = ["p50", "p90", "p99", "p99.9", "max", "mean", "sd"].map { .number($0, unit: "ms") }
        + [.number("cv")] + ["iqr", "mad"].map { .number($0, unit: "ms") }

    func sections(_ analysis: RunAnalysis) -> [ReportSection] {
        let latency = analysis.latency
        var totals = ReportTable(id: "totals", columns: [.name("provider"), ReportTable.Column("kind"), .name("region"),
                                                         .number("attempts"), .number("errors")] + Self.statColumns)
        for p in latency.providers {
            totals.add([p.provider.name, p.provider.kind.rawValue, p.provider.region, String(p.attempts), String(p.errorCount)]
                       + Self.statCells(p.total))
        }
        let total = ReportSection(id: "total-time", title: "Total time",
                                  blocks: [.table(totals), .figure("distribution"), .figure("spread"), .figure("over-time")])

        var errorBlocks: [ReportBlock]
        let failing = latency.providers.filter { !$0.errors.isEmpty }
        if failing.isEmpty {
            errorBlocks = [.text("No attempt failed.")]
        } else {
            var table = ReportTable(id: "errors", columns: [.name("provider"), ReportTable.Column("error class"), .number("count"),
                                                            .number("share of attempts", unit: "%")])
            for provider in failing {
                for error in provider.errors {
                    let share = Double(error.count) / Double(max(provider.attempts, 1)) * 100
                    table.add([provider.provider.name, error.errorClass.rawValue, String(error.count), NumberFormat.fixed(share, digits: 1) + "%"])
                }
            }
            errorBlocks = [.table(table)]
        }
        // Without heartbeats, the attempts themselves show when a provider was down.
        if analysis.availability == nil { errorBlocks.append(.figure("availability-strip")) }
        let errors = ReportSection(id: "errors", title: "Errors by class", blocks: errorBlocks)

        var phases = ReportTable(id: "phases", columns: [.name("provider"), ReportTable.Column("phase"), .number("n")] + Self.statColumns)
        for provider in latency.providers {
            for phase in provider.phases where phase.phase != .total && phase.stats != nil {
                phases.add([provider.provider.name, phase.phase.rawValue, String(phase.stats?.count ?? 0)] + Self.statCells(phase.stats))
            }
        }
        let phaseText = ReportText("Phase durations derived from libcurl's cumulative marks: dns; connect (TCP, after dns); "
            + "tls (after connect); first_byte (connection ready to first byte); transfer (first to last byte). "
            + "Phases that never happened (TLS on plain HTTP, any phase of a provider with no success) are left out.")
        return [total, errors, ReportSection(id: "phases", title: "Phases", blocks: [.text(phaseText), .table(phases)])]
    }

    /// p50 … mad in milliseconds (cv unitless), or dashes when no attempt succeeded.
    static func statCells(_ stats: Descriptive?) -> [String] {
        guard let s = stats else { return Array(repeating: "–", count: 10) }
        return [s.p50, s.p90, s.p99, s.p999, s.max, s.mean, s.standardDeviation].map { NumberFormat.ms($0, digits: 3) }
            + [NumberFormat.fixed(s.coefficientOfVariation, digits: 3), NumberFormat.ms(s.iqr, digits: 3), NumberFormat.ms(s.mad, digits: 3)]
    }
}

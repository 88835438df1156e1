import SondeCore

/// Several vantage points of one plan pooled (`RunAnalysis.vantages`): which runs, each provider
/// from each vantage point, and its spread relative to the baseline pooled and within vantage
/// points, so that distance between vantage points is not read as provider variance.
struct VantageSection: ReportSectionSource {
    func sections(_ analysis: RunAnalysis) -> [ReportSection] {
        guard let v = analysis.vantages else { return [] }
        var runs = ReportTable(id: "runs", columns: [.name("vantage"), .name("run"), ReportTable.Column("status")])
        for run in v.runs { runs.add([run.vantage, run.id, run.status]) }

        let ratioColumn = v.baseline.map { "variance ratio to \($0)" } ?? "variance ratio"
        var rows = ReportTable(id: "per-vantage", columns: [.name("provider"), .name("vantage"), .number("attempts"), .number("errors"),
                                                            .number("error rate", unit: "%")]
                               + ["p50", "p90", "p99", "iqr", "mad"].map { .number($0, unit: "ms") } + [.number(ratioColumn)])
        for row in v.rows {
            rows.add([row.provider, row.vantage, String(row.attempts), String(row.errors), NumberFormat.fixed(row.errorRate * 100, digits: 2) + "%"]
                     + [row.p50Us, row.p90Us, row.p99Us, row.iqrUs, row.madUs].map { $0.map { NumberFormat.ms($0, digits: 3) } ?? "–" }
                     + [row.varianceRatio.map { NumberFormat.fixed($0, digits: 2) } ?? "–"])
        }
        var blocks: [ReportBlock] = [
            .text("Runs of one plan from several vantage points, pooled into the comparison above. Each provider is the same "
                + "provider at every vantage point when its name, kind and region are (its endpoint may differ per vantage point)."),
            .table(runs),
            .heading("Each provider from each vantage point"),
            .text(ReportText("Successful attempts' total time, type-7 quantiles, IQR and unscaled MAD in milliseconds; "
                + "the error rate over all attempts; the variance ratio is to the baseline seen from the same vantage point.")),
            .table(rows),
        ]
        if let baseline = v.baseline, !v.spreads.isEmpty {
            var spread = ReportTable(id: "spread", columns: [.name("provider"), .number("vantage points"),
                                                             .number("pooled variance ratio"), .number("within-vantage variance ratio"),
                                                             .number("between-vantage share", unit: "%")])
            for s in v.spreads {
                spread.add([s.provider, String(s.vantages.count), s.pooledVarianceRatio.map(interval) ?? "–", interval(s.withinVarianceRatio),
                            NumberFormat.fixed(s.betweenShare * 100, digits: 1) + "%"])
            }
            blocks += [
                .heading("Spread pooled and within vantage points"),
                .text(ReportText("Variance of total time relative to ") + .name(baseline) + ReportText(
                    ", with \(percent(analysis.variance?.options.confidence)) bootstrap intervals. The pooled ratio (the comparison "
                    + "section's) counts every vantage point's attempts as one sample, so it includes the differences between vantage "
                    + "points; the within-vantage ratio first shifts each vantage point's attempts onto one median, for the provider "
                    + "and the baseline alike, and is the spread a user at any one vantage point sees. The between-vantage share is "
                    + "the part of the provider's pooled variance that this shift removes.")),
                .table(spread),
            ]
            // Say it in words where the pooled ratio is mostly distance between vantage points.
            let mostlyBetween = v.spreads.filter { $0.betweenShare >= 0.5 }
            if !mostlyBetween.isEmpty {
                blocks.append(.list(mostlyBetween.map { s in
                    .name(s.provider) + ReportText(": \(NumberFormat.fixed(s.betweenShare * 100, digits: 0))% of its pooled variance is "
                        + "the distance between vantage points; seen from any one of them its variance is "
                        + "\(NumberFormat.fixed(s.withinVarianceRatio.point, digits: 2))x the baseline's"
                        + (s.pooledVarianceRatio.map { " (pooled: \(NumberFormat.fixed($0.point, digits: 2))x)" } ?? "") + ".")
                }))
            }
        }
        return [ReportSection(id: "vantages", title: "Vantage points", blocks: blocks)]
    }

    private func interval(_ r: RatioEstimate) -> String {
        "\(NumberFormat.fixed(r.point, digits: 2)) [\(NumberFormat.fixed(r.lower, digits: 2))–\(NumberFormat.fixed(r.upper, digits: 2))]"
    }

    private func percent(_ confidence: Double?) -> String {
        NumberFormat.fixed((confidence ?? 0.95) * 100, digits: 0) + "%"
    }
}

import SondeCore

/// The comparison with the baseline: spread ratios with intervals, tests, regions, the phase that
/// carries the variance and the workload verdicts; a note saying why when there is no baseline.
struct ComparisonSection: ReportSectionSource {
    func sections(_ analysis: RunAnalysis) -> [ReportSection] {
        guard let variance = analysis.variance else { return [] }
        let o = variance.options
        let level = NumberFormat.fixed(o.confidence * 100, digits: 0)
        var intro = "Ratios are subject / baseline, over successful attempts' total time, with \(level)% percentile-bootstrap "
        intro += "intervals (\(o.resamples) resamples per side, seed \(o.seed)). When either series has significant lag-1 "
        intro += "autocorrelation (slow episodes), blocks are resampled in time order (moving-block bootstrap) and the "
        intro += "bootstrap column says so. Brown–Forsythe tests equal spread; Mann–Whitney tests a shift in location. "
        intro += "\"Pooled within-provider\" aligns each DePIN provider on the mean of their medians before pooling, so it "
        intro += "measures the spread a user of one provider sees; \"one population\" also counts the distance between providers. "
        intro += "Throughput ratios of mean rates come from the \(variance.throughputSource)."
        let columns: [ReportTable.Column] = [.name("subject"), .number("n"), .number("median ms", unit: "ms"), .init("variance ratio"),
                                             .init("IQR ratio"), .init("MAD ratio"), .init("p99/p50 ratio"), .number("Brown–Forsythe p"),
                                             .number("Mann–Whitney p"), .init("bootstrap"), .init("throughput ratio")]
        var table = ReportTable(id: "comparisons", columns: columns)
        for c in variance.comparisons(.provider) + variance.comparisons(.depinPooled) + variance.comparisons(.depinMixture) {
            let method: String
            switch c.spread.bootstrap {
            case .iid: method = "iid"
            case let .movingBlock(length): method = "moving block (\(length))"
            }
            table.add([c.name, String(c.count), NumberFormat.ms(c.medianUs, digits: 1), interval(c.spread.varianceRatio),
                       interval(c.spread.iqrRatio), interval(c.spread.madRatio), interval(c.spread.tailSpreadRatio),
                       p(c.spread.brownForsythePValue), p(c.spread.mannWhitneyPValue), method, c.throughputRatio.map(interval) ?? "–"])
        }
        var blocks: [ReportBlock] = [.text(ReportText(intro)), .figure("variance"), .figure("throughput"), .table(table)]
        let regions = variance.comparisons(.region)
        if !regions.isEmpty {
            var byRegion = ReportTable(id: "regions", columns: [.name("region"), .name("providers"), .number("n"), .number("median ms", unit: "ms"),
                                                                 .init("variance ratio"), .init("IQR ratio"), .number("Brown–Forsythe p"),
                                                                 .init("throughput ratio")])
            for c in regions {
                byRegion.add([c.name, c.providers.joined(separator: ", "), String(c.count), NumberFormat.ms(c.medianUs, digits: 1),
                              interval(c.spread.varianceRatio), interval(c.spread.iqrRatio), p(c.spread.brownForsythePValue),
                              c.throughputRatio.map(interval) ?? "–"])
            }
            blocks += [.heading("By region"), .table(byRegion)]
        }
        if !variance.phases.isEmpty {
            var phases = ReportTable(id: "phase-variance", columns: [.name("provider"), .init("phase"), .number("sd ms", unit: "ms"),
                                                                       .number("share", unit: "%"), .number("ratio to baseline")])
            for s in variance.phases {
                phases.add([s.provider, s.phase.rawValue, NumberFormat.ms(s.variance.squareRoot(), digits: 3),
                            NumberFormat.fixed(s.share * 100, digits: 1) + "%", s.ratioToBaseline.map { NumberFormat.fixed($0, digits: 2) + "x" } ?? "–"])
            }
            blocks += [.heading("Which phase carries the variance"),
                       .text("Variance of each phase's duration and its share of the sum of the provider's phase variances; "
                           + "the ratio is to the baseline's same phase."),
                       .table(phases)]
        }
        if !variance.verdicts.isEmpty {
            var verdicts = ReportTable(id: "verdicts", columns: [.name("provider"), .init("workload"), .init("fits"), .name("why")])
            for v in variance.verdicts { verdicts.add([v.provider, v.workload.rawValue, v.fits ? "yes" : "no", v.reason]) }
            blocks += [.heading("Workload verdicts"), .table(verdicts)]
        }
        if !variance.skipped.isEmpty {
            blocks.append(.text("Left out of the comparison: " + ReportText.names(variance.skipped, separator: "; ") + "."))
        }
        return [ReportSection(id: "comparison", title: "Comparison with the baseline " + .name(o.baseline), blocks: blocks)]
    }

    private func interval(_ r: RatioEstimate) -> String {
        "\(NumberFormat.fixed(r.point, digits: 2)) [\(NumberFormat.fixed(r.lower, digits: 2))–\(NumberFormat.fixed(r.upper, digits: 2))]"
    }

    private func p(_ value: Double) -> String { value < 0.001 ? "< 0.001" : NumberFormat.fixed(value, digits: 3) }
}

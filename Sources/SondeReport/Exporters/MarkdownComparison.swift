import SondeCore

/// The Markdown sections of the comparison with the baseline: spread ratios with intervals,
/// tests, the phase that carries the variance, regions and workload verdicts.
struct MarkdownComparison {
    let analysis: VarianceAnalysis
    let escape: (String) -> String

    func render() -> String {
        let o = analysis.options
        let level = NumberFormatting.fixed(o.confidence * 100, digits: 0)
        var out = "## Comparison with the baseline \(escape(o.baseline))\n\n"
        out += "Ratios are subject / baseline, over successful attempts' total time, with \(level)% percentile-bootstrap "
        out += "intervals (\(o.resamples) resamples per side, seed \(o.seed)). When either series has significant lag-1 "
        out += "autocorrelation (slow episodes), blocks are resampled in time order (moving-block bootstrap) and the "
        out += "bootstrap column says so. Brown–Forsythe tests equal spread; Mann–Whitney tests a shift in location. "
        out += "\"Pooled within-provider\" aligns each DePIN provider on the mean of their medians before pooling, so it "
        out += "measures the spread a user of one provider sees; \"one population\" also counts the distance between providers. "
        out += "Throughput ratios of mean rates come from the \(analysis.throughputSource).\n\n"
        out += "| subject | n | median ms | variance ratio | IQR ratio | MAD ratio | p99/p50 ratio | Brown–Forsythe p | Mann–Whitney p | bootstrap | throughput ratio |\n"
        out += "|---|--:|--:|---|---|---|---|--:|--:|---|---|\n"
        let ordered = analysis.comparisons(.provider) + analysis.comparisons(.depinPooled) + analysis.comparisons(.depinMixture)
        for c in ordered {
            out += row(c)
        }
        let regions = analysis.comparisons(.region)
        if !regions.isEmpty {
            out += "\n### By region\n\n"
            out += "| region | providers | n | median ms | variance ratio | IQR ratio | Brown–Forsythe p | throughput ratio |\n"
            out += "|---|---|--:|--:|---|---|--:|---|\n"
            for c in regions {
                out += "| \(escape(c.name)) | \(c.providers.map(escape).joined(separator: ", ")) | \(c.count) | "
                out += "\(NumberFormatting.ms(c.medianUs, digits: 1)) | \(interval(c.spread.varianceRatio)) | \(interval(c.spread.iqrRatio)) | "
                out += "\(p(c.spread.brownForsythePValue)) | \(c.throughputRatio.map(interval) ?? "–") |\n"
            }
        }
        out += phaseSection()
        out += verdictSection()
        if !analysis.skipped.isEmpty {
            out += "\nLeft out of the comparison: " + analysis.skipped.map(escape).joined(separator: "; ") + ".\n"
        }
        return out
    }

    private func row(_ c: Comparison) -> String {
        let method: String
        switch c.spread.bootstrap {
        case .iid: method = "iid"
        case let .movingBlock(length): method = "moving block (\(length))"
        }
        return "| \(escape(c.name)) | \(c.count) | \(NumberFormatting.ms(c.medianUs, digits: 1)) | \(interval(c.spread.varianceRatio)) | "
            + "\(interval(c.spread.iqrRatio)) | \(interval(c.spread.madRatio)) | \(interval(c.spread.tailSpreadRatio)) | "
            + "\(p(c.spread.brownForsythePValue)) | \(p(c.spread.mannWhitneyPValue)) | \(method) | \(c.throughputRatio.map(interval) ?? "–") |\n"
    }

    private func phaseSection() -> String {
        guard !analysis.phases.isEmpty else { return "" }
        var out = "\n### Which phase carries the variance\n\n"
        out += "Variance of each phase's duration and its share of the sum of the provider's phase variances; "
        out += "the ratio is to the baseline's same phase.\n\n"
        out += "| provider | phase | sd ms | share | ratio to baseline |\n|---|---|--:|--:|--:|\n"
        for s in analysis.phases {
            out += "| \(escape(s.provider)) | \(s.phase.rawValue) | \(NumberFormatting.ms(s.variance.squareRoot(), digits: 3)) | "
            out += "\(NumberFormatting.fixed(s.share * 100, digits: 1))% | \(s.ratioToBaseline.map { NumberFormatting.fixed($0, digits: 2) + "x" } ?? "–") |\n"
        }
        return out
    }

    private func verdictSection() -> String {
        guard !analysis.verdicts.isEmpty else { return "" }
        var out = "\n### Workload verdicts\n\n"
        out += "| provider | workload | fits | why |\n|---|---|---|---|\n"
        for v in analysis.verdicts {
            out += "| \(escape(v.provider)) | \(v.workload.rawValue) | \(v.fits ? "yes" : "no") | \(escape(v.reason)) |\n"
        }
        return out
    }

    private func interval(_ r: RatioEstimate) -> String {
        "\(NumberFormatting.fixed(r.point, digits: 2)) [\(NumberFormatting.fixed(r.lower, digits: 2))–\(NumberFormatting.fixed(r.upper, digits: 2))]"
    }

    private func p(_ value: Double) -> String {
        value < 0.001 ? "< 0.001" : NumberFormatting.fixed(value, digits: 3)
    }
}

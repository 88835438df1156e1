import SondeCore

/// The sections that compare providers with the baseline, and the error and verdict tables.
extension HTMLSections {
    func varianceRatios() -> String {
        guard let variance = input.variance, let chart = figures.forest, !chart.isEmpty else {
            return HTMLBlock.section(id: "variance", heading: "Variance relative to the baseline", svg: nil, takeaway: "",
                                     note: "No comparison: \(input.varianceNote ?? "no provider could be compared with the baseline").", tables: [])
        }
        let level = NumberFormatting.fixed(variance.options.confidence * 100, digits: 0)
        let columns = ["n", "baseline n", "median ms", "variance ratio", "\(level)% interval", "IQR ratio [interval]",
                       "Brown–Forsythe p", "Mann–Whitney p"]
        var table = HTMLTable(["subject"] + columns + ["bootstrap"], numeric: columns)
        let subjects = variance.comparisons(.provider) + variance.comparisons(.depinPooled) + variance.comparisons(.depinMixture)
            + variance.comparisons(.region)
        for c in subjects {
            let v = c.spread.varianceRatio, iqr = c.spread.iqrRatio
            let method: String
            switch c.spread.bootstrap {
            case .iid: method = "iid"
            case let .movingBlock(length): method = "moving block (\(length))"
            }
            let name = c.subject == .region ? "region \(c.name)" : c.name
            table.add([name, String(c.count), String(c.baselineCount), HTMLBlock.ms(c.medianUs),
                       HTMLBlock.ratio(v.point), "\(HTMLBlock.ratio(v.lower))–\(HTMLBlock.ratio(v.upper))",
                       "\(HTMLBlock.ratio(iqr.point)) [\(HTMLBlock.ratio(iqr.lower))–\(HTMLBlock.ratio(iqr.upper))]",
                       HTMLBlock.p(c.spread.brownForsythePValue), HTMLBlock.p(c.spread.mannWhitneyPValue), method])
        }
        var note = "Ratios are subject / baseline over successful total times, with \(level)% percentile-bootstrap intervals "
        note += "(\(variance.options.resamples) resamples, seed \(variance.options.seed)). Diamonds are pooled DePIN groups."
        if let pooled = variance.comparisons(.depinPooled).first {
            note += " The DePIN groups are " + pooled.providers.joined(separator: ", ") + "."
        }
        if !variance.skipped.isEmpty { note += " Left out: " + variance.skipped.joined(separator: "; ") + "." }
        return HTMLBlock.section(id: "variance", heading: "Variance relative to the baseline", svg: chart.svg(),
                                 takeaway: chart.takeaway, note: note, tables: [table.render()])
    }

    func throughput() -> String {
        guard let variance = input.variance, let chart = figures.throughput, chart.bars.count > 1 else {
            return HTMLBlock.section(id: "throughput", heading: "Throughput", svg: nil, takeaway: "",
                                     note: "No throughput comparison in this run: it needs a baseline and successful attempts that carried a body.",
                                     tables: [])
        }
        let level = NumberFormatting.fixed(variance.options.confidence * 100, digits: 0)
        var table = HTMLTable(["provider", "throughput ratio", "\(level)% interval"], numeric: ["throughput ratio"])
        for bar in chart.bars {
            let interval = bar.lower.map { "\(HTMLBlock.ratio($0))–\(HTMLBlock.ratio(bar.upper ?? $0))" } ?? "baseline"
            table.add([bar.label, HTMLBlock.ratio(bar.point), interval])
        }
        let note = "Ratios of mean rates; the rates come from the \(variance.throughputSource)."
        return HTMLBlock.section(id: "throughput", heading: "Throughput", svg: chart.svg(), takeaway: chart.takeaway, note: note,
                                 tables: [table.render()])
    }

    func errors() -> String {
        var table = HTMLTable(["provider", "error class", "count", "share of attempts"], numeric: ["count", "share of attempts"])
        for p in input.latency.providers {
            for e in p.errors {
                let share = Double(e.count) / Double(max(p.attempts, 1)) * 100
                table.add([p.provider.name, e.errorClass.rawValue, String(e.count), NumberFormatting.fixed(share, digits: 1) + "%"])
            }
        }
        let body = table.isEmpty ? "<p>No attempt failed.</p>\n" : table.render()
        return "<section id=\"errors\">\n<h2>Errors by class</h2>\n\(body)</section>\n"
    }

    func phases() -> String {
        guard let variance = input.variance, !variance.phases.isEmpty else { return "" }
        var table = HTMLTable(["provider", "phase", "sd ms", "share of variance", "ratio to baseline"],
                              numeric: ["sd ms", "share of variance", "ratio to baseline"])
        for s in variance.phases {
            table.add([s.provider, s.phase.rawValue, HTMLBlock.ms(s.variance.squareRoot()),
                       NumberFormatting.fixed(s.share * 100, digits: 1) + "%", s.ratioToBaseline.map(HTMLBlock.ratio) ?? "–"])
        }
        return "<section id=\"phases\">\n<h2>Which phase carries the variance</h2>\n" + table.render() + "</section>\n"
    }

    func verdicts() -> String {
        guard let variance = input.variance, !variance.verdicts.isEmpty else { return "" }
        var table = HTMLTable(["provider", "workload", "fits", "why"])
        for v in variance.verdicts {
            table.add([v.provider, v.workload.rawValue, v.fits ? "yes" : "no", v.reason])
        }
        return "<section id=\"verdicts\">\n<h2>Workload verdicts</h2>\n" + table.render() + "</section>\n"
    }
}

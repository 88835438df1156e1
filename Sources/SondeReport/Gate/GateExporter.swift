import Foundation
import SondeCore

/// Turns a gate verdict into bytes (a CI job summary, JUnit XML, annotations). Like report
/// exporters, these never write: the CLI decides where bytes go.
public protocol GateExporter: Sendable {
    func export(_ verdict: GateVerdict) -> [UInt8]
}

/// The Markdown summary, for a CI job summary page.
public struct GateMarkdownExporter: GateExporter {
    public init() {}

    public func export(_ verdict: GateVerdict) -> [UInt8] {
        let regressions = verdict.regressions.count
        let improvements = verdict.improvements.count
        var out = "## sonde gate: \(regressions == 0 ? "pass" : "\(regressions) regression\(regressions == 1 ? "" : "s")")\n\n"
        out += "Candidate \(MarkdownText.escape(verdict.candidateName)) against baseline \(MarkdownText.escape(verdict.baselineName)). "
        out += "A rule fails only when the change exceeds its limit and is significant at one-sided level "
        out += "\(NumberFormatting.fixed(verdict.level, digits: 4)). Improvements: \(improvements).\n\n"
        out += "| provider | metric | limit | baseline | candidate | change | ratio CI | p (worse) | detectable (80%) | result |\n"
        out += "|---|---|---|--:|--:|--:|---|--:|--:|---|\n"
        for o in verdict.outcomes {
            out += "| \(MarkdownText.escape(o.provider)) | \(o.rule.metric.rawValue) | \(o.rule.limit.description) | "
            if let c = o.change, case .max = o.rule.limit {
                // An absolute ceiling judges the candidate's rate alone: no ratio, test or power.
                out += "\(NumberFormatting.fixed(c.baseline, digits: 4)) | \(NumberFormatting.fixed(c.candidate, digits: 4)) | – | – | – | – | "
            } else if let c = o.change {
                let worse = o.rule.metric.higherIsWorse ? c.pIncrease : c.pDecrease
                out += "\(NumberFormatting.fixed(c.baseline, digits: 1)) | \(NumberFormatting.fixed(c.candidate, digits: 1)) | "
                out += "\(NumberFormatting.fixed((c.ratio.point - 1) * 100, digits: 1))% | "
                out += "\(NumberFormatting.fixed(c.ratio.lower, digits: 3))–\(NumberFormatting.fixed(c.ratio.upper, digits: 3)) | "
                out += "\(NumberFormatting.fixed(worse, digits: 4)) | \(detectable(c, o.rule)) | "
            } else {
                out += "– | – | – | – | – | – | "
            }
            out += "\(symbol(o.status)) \(o.status.rawValue) |\n"
        }
        out += "\nValues are µs for latency metrics, µs² for variance, bytes/s for throughput, shares for error rates. "
        out += "Detectable: the smallest change that fails the rule with 80% probability on data like these "
        out += "(from the permutation distribution; a pass cannot have missed a larger one that often); "
        out += "⚠ marks a rule whose samples are too few to detect its own limit.\n"
        // The capacity rule compares counts (Fisher's exact test), not a ratio: its numbers in words.
        let capacity = verdict.outcomes.filter { $0.rule.metric == .capacity }
        if !capacity.isEmpty { out += "\n" + capacity.map { "- \(MarkdownText.escape($0.summary))\n" }.joined() }
        // Why a rule could not be evaluated (e.g. a sweep step with no step at that rate on the other side).
        let skipped = verdict.outcomes.filter { $0.status == .skipped && $0.rule.metric != .capacity }
        if !skipped.isEmpty { out += "\nSkipped:\n" + skipped.map { "- \(MarkdownText.escape($0.summary))\n" }.joined() }
        return Array(out.utf8)
    }

    /// "+14.2%", with ⚠ when the rule cannot detect its own limit; "–" when not computed.
    private func detectable(_ change: MetricChange, _ rule: GateRules.Rule) -> String {
        guard let d = change.detectable, let smallest = d.forRule(rule.limit) else { return "–" }
        let sign = if case .maxDecrease = rule.limit { "−" } else { "+" }
        return "\(sign)\(NumberFormatting.fixed(smallest * 100, digits: 1))%" + (d.resolves(rule.limit) ? "" : " ⚠")
    }

    private func symbol(_ status: GateVerdict.Status) -> String {
        switch status {
        case .pass: return "✅"
        case .regression: return "❌"
        case .improvement: return "⬆️"
        case .skipped: return "➖"
        }
    }
}

/// JUnit XML: one test suite per provider, one test case per rule; a regression is a failure,
/// a skipped rule is skipped. Text is escaped with `HTML.escape`, whose entities and dropped
/// control characters are exactly what XML 1.0 needs too.
public struct JUnitExporter: GateExporter {
    public init() {}

    public func export(_ verdict: GateVerdict) -> [UInt8] {
        let providers = Dictionary(grouping: verdict.outcomes, by: \.provider)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"sonde gate\" tests=\"\(verdict.outcomes.count)\" failures=\"\(verdict.regressions.count)\">\n"
        for name in providers.keys.sorted() {
            let outcomes = providers[name]!
            let failures = outcomes.filter { $0.status == .regression }.count
            let skipped = outcomes.filter { $0.status == .skipped }.count
            out += "  <testsuite name=\"\(HTML.escape(name))\" tests=\"\(outcomes.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\">\n"
            for o in outcomes {
                out += "    <testcase classname=\"sonde.gate.\(HTML.escape(name))\" name=\"\(o.rule.metric.rawValue)\">"
                switch o.status {
                case .regression:
                    out += "\n      <failure message=\"\(HTML.escape(o.summary))\">\(HTML.escape(o.summary))</failure>\n    "
                case .skipped:
                    out += "<skipped message=\"\(HTML.escape(o.summary))\"/>"
                case .pass, .improvement:
                    out += "<system-out>\(HTML.escape(o.summary))</system-out>"
                }
                out += "</testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return Array(out.utf8)
    }
}

/// GitHub Actions workflow commands: an `::error` line per regression, a `::notice` per improvement.
public struct GitHubAnnotationsExporter: GateExporter {
    public init() {}

    public func export(_ verdict: GateVerdict) -> [UInt8] {
        var out = ""
        for o in verdict.outcomes where o.status == .regression || o.status == .improvement {
            let command = o.status == .regression ? "error" : "notice"
            out += "::\(command) title=sonde gate \(escapeProperty(o.provider)) \(o.rule.metric.rawValue)::\(escapeData(o.summary))\n"
        }
        return Array(out.utf8)
    }

    // The escapes GitHub's toolkit applies to workflow command data and properties.
    private func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

/// `sonde plan`'s answer as Markdown: per provider, the change detectable now and the values a
/// side needed for the asked change.
public struct GatePlanMarkdownExporter: Sendable {
    public init() {}

    /// The plan made from pilot run `run`.
    public func export(_ plan: GatePlan, run: String) -> [UInt8] {
        let changeText = signedPercent(plan.change)
        var out = "## sonde plan: \(plan.metric.rawValue) \(changeText) with \(NumberFormatting.fixed(plan.power * 100, digits: 0))% power\n\n"
        out += "Pilot run \(MarkdownText.escape(run)); the gate's permutation test at one-sided level "
        out += "\(NumberFormatting.fixed(plan.level, digits: 4)). Values a side: successful values in the baseline and in the candidate.\n\n"
        out += "| provider | pilot values | detectable now (\(NumberFormatting.fixed(plan.power * 100, digits: 0))%) | values a side for \(changeText) |\n"
        out += "|---|--:|--:|--:|\n"
        for row in plan.rows {
            out += "| \(MarkdownText.escape(row.provider)) | \(row.pilotCount) | \(signedPercent(row.detectableAtPilot)) | \(row.samplesPerSide) |\n"
        }
        if !plan.skipped.isEmpty {
            out += "\nNot enough pilot data (four values a side needed): \(plan.skipped.map(MarkdownText.escape).joined(separator: ", ")).\n"
        }
        out += "\nA rule fails only on a change above its limit too: keep the limit below the change planned for.\n"
        return Array(out.utf8)
    }

    private func signedPercent(_ share: Double) -> String {
        "\(share >= 0 ? "+" : "−")\(NumberFormatting.fixed(abs(share) * 100, digits: 1))%"
    }
}

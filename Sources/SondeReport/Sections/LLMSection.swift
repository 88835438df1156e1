import SondeCore

/// The LLM probe's section: TTFT, ITL and TPOT percentiles, then token rates and goodput.
struct LLMSection: ReportSectionSource {
    func sections(_ input: RunAnalysis) -> [ReportSection] {
        guard let analysis = input.llm, !analysis.rows.isEmpty else { return [] }
        var text = "Streaming completions, successful requests only. TTFT: request start to the first non-empty content "
        text += "chunk; ITL: gaps between content chunks (pooled over the requests whose chunks were kept); TPOT: "
        text += "(end − first token) / (output tokens − 1) per request. Times in milliseconds. Output tokens from the "
        text += "server's usage field when sent, else counted chunks (source column). Tokens/s: all output tokens over "
        text += "the span from the first start to the last end; per request: median of tokens / total time."
        let timing = ["TTFT", "ITL", "TPOT"].flatMap { m in ["p50", "p90", "p99"].map { ReportTable.Column.number("\(m) \($0)", unit: "ms") } }
        var times = ReportTable(id: "timings", columns: [.name("provider"), .number("requests"), .number("ok"), .init("errors")] + timing)
        for row in analysis.rows {
            let errors = row.errors.isEmpty ? "0" : row.errors.map { "\($0.errorClass.rawValue) \($0.count)" }.joined(separator: ", ")
            times.add([row.provider.name, String(row.requests), String(row.ok), errors] + [row.ttft, row.itl, row.tpot].flatMap(cells))
        }
        let slo = [analysis.sloTTFT.map { "TTFT ≤ \(Grammar.format($0))" }, analysis.sloTPOT.map { "TPOT ≤ \(Grammar.format($0))" }]
            .compactMap { $0 }.joined(separator: " and ")
        var tokens = ReportTable(id: "tokens", columns: [.name("provider"), .number("output tokens/s", unit: "1/s"),
                                                         .number("per-request tokens/s p50", unit: "1/s"), .number("mean output tokens"),
                                                         .init("token count source"),
                                                         .number("goodput\(slo.isEmpty ? "" : " (\(slo))")", unit: "%")])
        for row in analysis.rows {
            let sources = TokenSource.allCases.compactMap { source in row.tokenSources[source].map { "\(source.rawValue) \($0)" } }
            tokens.add([row.provider.name, number(row.outputTokensPerSecond, 1), number(row.medianRequestTokensPerSecond, 1),
                        number(row.meanOutputTokens, 1), sources.isEmpty ? "–" : sources.joined(separator: ", "),
                        row.goodput.map { NumberFormat.fixed($0 * 100, digits: 1) + "%" } ?? "no SLO"])
        }
        var blocks: [ReportBlock] = [.text(ReportText(text)), .table(times), .table(tokens)]
        let limited = analysis.rows.filter { $0.maxRetryAfterS != nil }
        if !limited.isEmpty {
            var line = ReportText("Rate limited (429): ")
            for (index, row) in limited.enumerated() {
                line += ReportText(index == 0 ? "" : "; ") + .name(row.provider.name) + ReportText(" Retry-After up to \(row.maxRetryAfterS!) s")
            }
            blocks.append(.text(line + "."))
        }
        return [ReportSection(id: "llm", title: "LLM inference", blocks: blocks)]
    }

    private func cells(_ stats: Descriptive?) -> [String] {
        guard let s = stats else { return ["–", "–", "–"] }
        return [s.p50, s.p90, s.p99].map { NumberFormat.ms($0, digits: 2) }
    }

    private func number(_ value: Double?, _ digits: Int) -> String {
        value.map { NumberFormat.fixed($0, digits: digits) } ?? "–"
    }
}

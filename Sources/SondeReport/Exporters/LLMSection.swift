import SondeCore

/// The Markdown section of the LLM probe, appended to the report when the run has LLM requests.
struct LLMSection {
    let escape: (String) -> String

    func markdown(_ input: ReportInput) -> String {
        guard let analysis = input.llm, !analysis.rows.isEmpty else { return "" }
        var out = "\n## LLM inference\n\n"
        out += "Streaming completions, successful requests only. TTFT: request start to the first non-empty content "
        out += "chunk; ITL: gaps between content chunks (pooled over the requests whose chunks were kept); TPOT: "
        out += "(end − first token) / (output tokens − 1) per request. Times in milliseconds. Output tokens from the "
        out += "server's usage field when sent, else counted chunks (source column). Tokens/s: all output tokens over "
        out += "the span from the first start to the last end; per request: median of tokens / total time.\n\n"
        out += "| provider | requests | ok | errors | TTFT p50 | TTFT p90 | TTFT p99 | ITL p50 | ITL p90 | ITL p99 | "
        out += "TPOT p50 | TPOT p90 | TPOT p99 |\n|---|--:|--:|---|" + String(repeating: "--:|", count: 9) + "\n"
        for row in analysis.rows {
            let errors = row.errors.isEmpty ? "0" : row.errors.map { "\($0.errorClass.rawValue) \($0.count)" }.joined(separator: ", ")
            out += "| \(escape(row.provider.name)) | \(row.requests) | \(row.ok) | \(errors) | "
            out += [row.ttft, row.itl, row.tpot].map(cells).joined(separator: " | ") + " |\n"
        }
        let slo = [analysis.sloTTFT.map { "TTFT ≤ \(Grammar.format($0))" }, analysis.sloTPOT.map { "TPOT ≤ \(Grammar.format($0))" }]
            .compactMap { $0 }.joined(separator: " and ")
        out += "\n| provider | output tokens/s | per-request tokens/s p50 | mean output tokens | token count source | "
        out += "goodput\(slo.isEmpty ? "" : " (\(slo))") |\n|---|--:|--:|--:|---|--:|\n"
        for row in analysis.rows {
            let sources = TokenSource.allCases.compactMap { source in row.tokenSources[source].map { "\(source.rawValue) \($0)" } }
            out += "| \(escape(row.provider.name)) | \(number(row.outputTokensPerSecond, 1)) | "
            out += "\(number(row.medianRequestTokensPerSecond, 1)) | \(number(row.meanOutputTokens, 1)) | "
            out += "\(sources.isEmpty ? "–" : sources.joined(separator: ", ")) | "
            out += "\(row.goodput.map { NumberFormatting.fixed($0 * 100, digits: 1) + "%" } ?? "no SLO") |\n"
        }
        let limited = analysis.rows.filter { $0.maxRetryAfterS != nil }
        if !limited.isEmpty {
            out += "\nRate limited (429): " + limited.map { "\(escape($0.provider.name)) Retry-After up to \($0.maxRetryAfterS!) s" }
                .joined(separator: "; ") + ".\n"
        }
        return out
    }

    private func cells(_ stats: Descriptive?) -> String {
        guard let s = stats else { return "– | – | –" }
        return [s.p50, s.p90, s.p99].map { NumberFormatting.ms($0, digits: 2) }.joined(separator: " | ")
    }

    private func number(_ value: Double?, _ digits: Int) -> String {
        value.map { NumberFormatting.fixed($0, digits: digits) } ?? "–"
    }
}

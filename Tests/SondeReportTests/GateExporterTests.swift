import SondeCore
import SondeReport
import Testing

/// The gate's Markdown table shows what each rule judged.
struct GateExporterTests {
    /// An absolute ceiling (`error_rate: {max: 1%}`) judges the candidate's rate alone, so its row
    /// shows both sides' rates and no ratio, test or power columns; before, every column read "–".
    @Test func anAbsoluteCeilingRowShowsBothRates() {
        let before = GateSample(totalsUs: [100, 110, 120, 130], throughputs: [], attempts: 400, failures: 2)
        let after = GateSample(totalsUs: [100, 110, 120, 130], throughputs: [], attempts: 400, failures: 12)
        let rules = GateRules(rules: [GateRules.Rule(metric: .errorRate, limit: .max(0.01))])
        let verdict = GateEvaluator.evaluate(baseline: ["p": before], candidate: ["p": after], rules: rules,
                                             baselineName: "base", candidateName: "cand")
        let markdown = String(decoding: GateMarkdownExporter().export(verdict), as: UTF8.self)
        // 2/400 = 0.0050, 12/400 = 0.0300; the one-sided 99.5% Wilson lower bound of 12/400 is 1.46%,
        // above the 1% ceiling (Wilson's formula with z = scipy.stats.norm.ppf(0.995):
        // 0.014568509801209186, 0.06076908875979016).
        #expect(markdown.contains("| p | error_rate | max 1.00% | 0.0050 | 0.0300 | – | – | – | – | ❌ regression |"), "\(markdown)")
    }
}

import Testing
import SondeCore
@testable import SondeReport

@Suite struct ExporterTests {
    let input = try! ReportInput(data: Fixtures.runData(), options: AnalysisOptions(baseline: "cloud-us-east", resamples: 200))

    @Test func markdownMatchesGolden() throws {
        try Golden.check(MarkdownExporter().export(input), against: "report.md")
    }

    @Test func statisticsCSVMatchesGolden() throws {
        try Golden.check(CSVExporter().export(input), against: "report.csv")
    }

    @Test func samplesCSVMatchesGolden() throws {
        try Golden.check(SamplesCSVExporter().export(input), against: "samples.csv")
    }

    @Test func markdownHasARowPerProviderAndCountsErrorsByClass() {
        let text = String(decoding: MarkdownExporter().export(input), as: UTF8.self)
        #expect(text.contains("| cloud-us-east | centralized | us-east | 40 | 0 |"))
        #expect(text.contains("| depin-eu | depin | eu-central | 40 | 8 |"))
        #expect(text.contains("| depin-eu | timeout | 4 | 10.0% |"))
        #expect(text.contains("| depin-eu | http_5xx | 4 | 10.0% |"))
        // Configuration text cannot open a table cell or an HTML element.
        #expect(text.contains("evil\\|&lt;b>name&lt;/b>,\"x\""))
        #expect(!text.contains("<b>"))
    }

    @Test func samplesCSVHasOneRowPerSampleAndQuotesText() {
        let text = String(decoding: SamplesCSVExporter().export(input), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1 + 40 + 40 + 5)
        #expect(text.contains("\"evil|<b>name</b>,\"\"x\"\"\",depin,'=cmd()"))
    }

    @Test func statisticsFollowTheConventions() throws {
        let steady = try #require(input.latency.providers.first?.total)
        #expect(steady.count == 40)
        let depin = input.latency.providers[1]
        #expect(depin.successes == 32)
        #expect(depin.errors.map(\.errorClass) == [.timeout, .http5xx])
        let allFailed = input.latency.providers[2]
        #expect(allFailed.total == nil)
        #expect(allFailed.errors == [.init(errorClass: .refused, count: 5)])
    }
}

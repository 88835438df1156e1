import Testing
import SondeCore
@testable import SondeReport

@Suite struct HTMLExporterTests {
    static func input(renaming name: String? = nil, options: AnalysisOptions? = AnalysisOptions(baseline: "cloud-us-east", resamples: 200)) throws -> ReportInput {
        var data = Fixtures.runData()
        if let name { data.series[1].provider.name = name }
        return try ReportInput(data: data, options: options)
    }

    static func page(_ input: ReportInput, _ exporter: HTMLExporter = HTMLExporter()) -> String {
        String(decoding: exporter.export(input), as: UTF8.self)
    }

    @Test func matchesGolden() throws {
        try Golden.check(HTMLExporter().export(Self.input()), against: "report.html")
    }

    @Test func isSelfContainedAndHasNoScript() throws {
        let html = Self.page(try Self.input())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.lowercased().contains("<script"))
        for fetch in ["src=", "href=", "url(", "@import", "<link", "<iframe", "<img"] {
            #expect(!html.contains(fetch), "the page must not fetch anything: found \(fetch)")
        }
        // The only URL is the SVG namespace, which is an identifier, not a fetch.
        #expect(html.components(separatedBy: "http://").count == html.components(separatedBy: "http://www.w3.org/2000/svg").count)
        #expect(!html.contains("https://"))
        #expect(html.contains("@media print") && html.contains("name=\"viewport\""))
    }

    @Test func everyChartIsAFigureWithATakeaway() throws {
        let html = Self.page(try Self.input())
        let figures = html.components(separatedBy: "<figure>").count - 1
        #expect(figures == 6, "cdf, box, smoke, forest, throughput, availability")
        #expect(html.components(separatedBy: "<figcaption>").count - 1 == figures)
        #expect(html.components(separatedBy: "<svg ").count - 1 == figures)
        #expect(!html.contains("<section id=\"provisioning\">"), "no provisioning, no section")
        #expect(html.contains("<p class=\"headline\">DePIN latency variance is"))
    }

    @Test func aScriptProviderNameIsTextEverywhere() throws {
        let name = "<script>alert(1)</script>"
        let html = Self.page(try Self.input(renaming: name, options: AnalysisOptions(baseline: "cloud-us-east", resamples: 200)))
        #expect(!html.contains(name))
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // The other hostile fixture name, with quotes, stays inside its attribute.
        #expect(html.contains("evil|&lt;b&gt;name&lt;/b&gt;,&quot;x&quot;"))
        #expect(!html.contains("<b>"))
    }

    @Test func withoutABaselineTheComparisonSectionsSayWhy() throws {
        let html = Self.page(try Self.input(options: nil))
        #expect(html.contains("No comparison: no baseline"))
        #expect(html.components(separatedBy: "<figure>").count - 1 == 4)
    }

    @Test func suppliedProvisioningIsDrawnInsteadOfTheNote() throws {
        let timeline = ProvisioningTimeline(attempts: [.init(provider: "<i>p</i>", attempt: 1, stages: [(.accepting, 3), (.starting, 9)], outcome: "ok")])
        let html = Self.page(try Self.input(), HTMLExporter(provisioning: timeline))
        #expect(html.contains("<section id=\"provisioning\">"))
        #expect(html.contains("Provisioning: time until usable"))
        #expect(html.contains("&lt;i&gt;p&lt;/i&gt;") && !html.contains("<i>"))
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        let input = try Self.input()
        #expect(HTMLExporter().export(input) == HTMLExporter().export(input))
    }
}

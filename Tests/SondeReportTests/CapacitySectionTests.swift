import Foundation
import Testing
import SondeCore
@testable import SondeReport

/// The capacity section of a stored sweep (`StoredRunFixture`: gpu-sweep swept, its knee at
/// 4 req/s with 8 req/s failing): the knee and steps in every format, the chart in HTML, the
/// sweep kept out of the pooled LLM table, and the JSON report serving as a gate baseline.
@Suite struct CapacitySectionTests {
    @Test func theKneeAndEveryStepAreInTheSection() throws {
        let model = ReportModel(try StoredRunFixture.analysis())
        let section = try #require(model.sections.first { $0.id == "capacity" })
        let knee = try #require(section.tables.first { $0.id == "knee" })
        #expect(knee.rows == [["gpu-sweep", "4.000", "8.000", "5"]])
        let steps = try #require(section.tables.first { $0.id == "steps" })
        #expect(steps.rows.map { $0[1] } == ["0", "1", "2", "3", "4"])
        #expect(steps.rows.map { $0[2] } == ["synchronous", "throughput", "rate", "rate", "rate"])
        // Offered 4 req/s: 9 gaps of 250 ms; all ten met TTFT ≤ 250 ms; at 8 req/s none did.
        #expect(steps.rows[3][3] == "4.000" && steps.rows[3][6] == "100.0%" && steps.rows[4][6] == "0.0%")
        // TTFT p50 at 4 req/s: type-7 median of 147, 148, …, 156 ms is 151.5 ms.
        #expect(steps.rows[3][7] == "151.50")
        #expect(section.blocks.contains { $0.figure == "capacity" })
    }

    @Test func theSweepIsNotPooledIntoTheLLMSection() throws {
        let model = ReportModel(try StoredRunFixture.analysis())
        let llm = try #require(model.sections.first { $0.id == "llm" })
        let timings = try #require(llm.tables.first)
        #expect(timings.rows.map { $0[0] } == ["cloud-us-east", "depin-eu"])
    }

    @Test func theHTMLDrawsGoodputAndTTFTAgainstOfferedRate() throws {
        let html = String(decoding: HTMLExporter().export(try StoredRunFixture.analysis()), as: UTF8.self)
        let start = try #require(html.range(of: "id=\"fig-capacity\""))
        let block = html[start.upperBound...].prefix { _ in true }
        #expect(block.contains("Goodput against offered rate") && block.contains("TTFT p99 against offered rate"))
        #expect(block.contains("gpu-sweep knee: 4.00 req/s") && block.contains(">SLO</text>"))
        #expect(block.contains("gpu-sweep keeps meeting the SLO up to 4.00 req/s"))
    }

    /// A committed JSON report carries the steps and knee, and the gate reads them back as they
    /// were analysed.
    @Test func theJSONReportServesAsACapacityBaseline() throws {
        let analysis = try StoredRunFixture.analysis()
        let bytes = JSONExporter().export(analysis)
        let text = String(decoding: bytes, as: UTF8.self)
        // The keys docs/json-report.md documents.
        for key in ["\"capacity\"", "\"slo_ttft_us\"", "\"meeting_slo\"", "\"offered_rate\"", "\"goodput_tokens\"", "\"ttft_us\""] {
            #expect(text.contains(key), "JSON lacks \(key)")
        }
        let document = try JSONExporter.decode(bytes)
        let stored = try #require(document.capacity?.first)
        #expect(stored.provider == "gpu-sweep" && stored.knee?.rate == 4 && stored.knee?.upper == 8)
        #expect(stored.sloTTFTUs == 250_000 && stored.sloTPOTUs == 25_000 && stored.target == 0.99)
        let fromFile = try #require(GateSample.all(document)["gpu-sweep"]?.capacity)
        let fromRun = try #require(analysis.capacity?.providers.first?.sweep)
        #expect(fromFile.steps == fromRun.steps && fromFile.knee == fromRun.knee)
    }

    @Test func theChartMarksNoKneeWhenNoRatePassed() {
        let point = CapacityChart.Point(rate: 1, goodput: 0, ttftP99Ms: 900)
        let style = SeriesStyle(colour: "#000000", isBaseline: false)
        let chart = CapacityChart(series: [CapacityChart.Series(name: "a", style: style, points: [point], kneeRate: nil)])
        #expect(chart.takeaway.hasPrefix("No provider met the SLO"))
        #expect(!chart.svg().contains("knee:"))
    }
}

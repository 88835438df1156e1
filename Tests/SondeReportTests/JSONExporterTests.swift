import Foundation
import Testing
import SondeCore
@testable import SondeReport

@Suite struct JSONExporterTests {
    @Test func roundTripsAndCarriesRawSuccessfulTotals() throws {
        let input = try ReportInput(data: Fixtures.runData(), options: AnalysisOptions(baseline: "cloud-us-east", resamples: 200))
        let bytes = JSONExporter().export(input)
        let decoded = try JSONExporter.decode(bytes)
        #expect(decoded == ReportModel(input).document)
        #expect(decoded.sections?.map(\.id) == ["total-time", "errors", "phases", "comparison"])
        #expect(decoded.schema == "sonde.report/2")
        #expect(decoded.samples.map(\.totalUs.count) == [40, 32, 0])
        #expect(decoded.analysis?.headline == input.variance?.headline)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"total_us_packed\" : \""))
        #expect(text.contains("\"encoding\" : \"delta-zigzag-leb128-base64\""))
        #expect(text.contains("\"variance_ratio\" : {"))
    }

    @Test func matchesGolden() throws {
        let input = try ReportInput(data: Fixtures.runData(), options: AnalysisOptions(baseline: "cloud-us-east", resamples: 200))
        try Golden.check(JSONExporter().export(input), against: "report.json")
    }

    @Test func withoutABaselineTheDocumentSaysWhy() throws {
        let input = try ReportInput(data: Fixtures.runData())
        let decoded = try JSONExporter.decode(JSONExporter().export(input))
        #expect(decoded.analysis == nil)
        #expect(decoded.analysisNote?.contains("no baseline") == true)
    }

    @Test func malformedJSONIsRejected() {
        #expect(throws: (any Error).self) { try JSONExporter.decode(Array("{\"schema\": 1}".utf8)) }
    }
}

import Foundation
import Testing
import SondeCore
@testable import SondeReport

@Suite struct ProvisioningSectionTests {
    static let second: Int64 = 1_000_000_000
    static let t0: Int64 = 1_764_000_000_000_000_000

    /// Two ready attempts of the baseline (4 s and 6 s to running) and one DePIN attempt that failed to boot.
    static func input() throws -> ReportInput {
        var input = try ReportInput(data: Fixtures.runData(), options: nil)
        let records = [
            ProvisionRecord(provider: "cloud-us-east", attempt: 1, requestedNs: t0, providerResourceID: "i-1", acceptedNs: t0 + second,
                            runningNs: t0 + 5 * second, reachableNs: t0 + 6 * second, tornDownNs: t0 + 7 * second, outcome: .ready),
            ProvisionRecord(provider: "cloud-us-east", attempt: 2, requestedNs: t0, providerResourceID: "i-2", acceptedNs: t0 + second,
                            runningNs: t0 + 7 * second, reachableNs: t0 + 8 * second, tornDownNs: t0 + 9 * second, outcome: .ready),
            ProvisionRecord(provider: "evil|<b>name</b>,\"x\"", attempt: 1, requestedNs: t0, providerResourceID: "d-1",
                            acceptedNs: t0 + second / 2, tornDownNs: t0 + second, outcome: .failed, errorClass: .other,
                            detail: "status: machine failed to boot"),
        ]
        input.provisions = records
        input.provisioning = ProvisioningAnalysis(records: records)
        input.provisioningNote = "Scaled 1:300."
        return input
    }

    @Test func markdownListsStagesAndSuccessRateEscaped() throws {
        let text = String(decoding: MarkdownExporter().export(try Self.input()), as: UTF8.self)
        #expect(text.contains("## Time to provision"))
        #expect(text.contains("Scaled 1:300."))
        #expect(text.contains("| cloud-us-east | 2 | 2 | 100.0% | ready 2 | 0 |"))
        // Type 7 over [4, 6]: p50 5, p90 5.8.
        #expect(text.contains("| cloud-us-east | starting | 2 | 5.00 | 5.80 | 6.00 |"))
        #expect(text.contains("| evil\\|&lt;b>name&lt;/b>,\"x\" | 1 | 0 | 0.0% | failed 1 | 0 |"))
        #expect(!text.contains("<b>"))
    }

    @Test func noProvisionsNoSection() {
        let input = try! ReportInput(data: Fixtures.runData(), options: nil)
        #expect(!String(decoding: MarkdownExporter().export(input), as: UTF8.self).contains("Time to provision"))
        #expect(!String(decoding: JSONExporter().export(input), as: UTF8.self).contains("\"provisioning\""))
    }

    @Test func jsonCarriesTheSectionAndDecodesBack() throws {
        let bytes = JSONExporter().export(try Self.input())
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let document = try decoder.decode(ReportDocument.self, from: Data(bytes))
        let cloud = try #require(document.provisioning?.providers.first { $0.provider == "cloud-us-east" })
        #expect(cloud.successRate == 1 && cloud.outcomes == ["ready": 2])
        #expect(cloud.stages.first { $0.stage == "total" }?.p90S == 7.8)
        #expect(document.provisioning?.note == "Scaled 1:300.")
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"p50_s\""))
    }

    @Test func csvCarriesTheStagesInTheLongTable() throws {
        let text = String(decoding: CSVExporter().export(try Self.input()), as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        // The stages table: row 2 is cloud-us-east's `starting` stage (after `accepting`).
        #expect(lines.contains { $0.hasSuffix(",provisioning,stages,2,stage,,starting") })
        #expect(lines.contains { $0.hasSuffix(",provisioning,stages,2,p50 s,s,5.00") })
        #expect(lines.contains { $0.hasSuffix(",provisioning,attempts,1,success rate,%,100.0%") })
    }

    @Test func htmlShowsTheTimelineAndTheSummary() throws {
        let text = String(decoding: HTMLExporter().export(try Self.input()), as: UTF8.self)
        #expect(text.contains("<section id=\"provisioning\">"))
        #expect(text.contains("Provisioning: time until usable"))
        #expect(text.contains("Scaled 1:300."))
        #expect(!text.contains("No provisioning data in this run"))
    }
}

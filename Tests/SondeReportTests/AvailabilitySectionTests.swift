import Foundation
import SondeCore
@testable import SondeReport
import Testing

/// The availability section in every format, from fixed heartbeats: a steady baseline, a DePIN
/// provider with two interruptions and a blip, and the hostile name that never answered.
struct AvailabilitySectionTests {
    /// Heartbeats 500 ms apart; `.` succeeded, `x` failed.
    static func heartbeats(_ provider: Int64, _ pattern: String) -> [Sample] {
        pattern.enumerated().map { index, mark in
            let intended = 1_764_000_000_000_000_000 + Int64(index) * 500_000_000
            return Sample(providerID: provider, probe: .availability, sequence: Int64(index), intendedNs: intended,
                          startedNs: intended + 100_000, totalUs: mark == "." ? 900 : 1_000, httpStatus: mark == "." ? 200 : 503,
                          errorClass: mark == "." ? nil : .http5xx)
        }
    }

    static func input() throws -> ReportInput {
        let data = Fixtures.runData()
        let patterns = [String(repeating: ".", count: 120),
                        String(repeating: ".", count: 30) + "xxxxxx" + String(repeating: ".", count: 40) + "x.." + "xxxx"
                            + String(repeating: ".", count: 37),
                        String(repeating: "x", count: 120)]
        let series = data.series.enumerated().map { index, series in
            ProviderSeries(provider: series.provider, samples: heartbeats(Int64(index + 1), patterns[index]))
        }
        var input = try ReportInput(data: data, options: AnalysisOptions(baseline: "cloud-us-east"))
        input.availability = AvailabilityAnalysis(series, failuresToInterrupt: 3, confidence: 0.95,
                                                  job: CheckpointJob(length: .seconds(600), checkpointCost: .seconds(2),
                                                                     restartCost: .seconds(5)))
        return input
    }

    @Test func markdownSectionMatchesGolden() throws {
        let text = String(decoding: MarkdownExporter().export(try Self.input()), as: UTF8.self)
        let section = try #require(text.range(of: "\n## Availability\n")).lowerBound
        try Golden.check(Array(text[section...].utf8), against: "availability.md")
        // The DePIN provider: 2 interruptions of 3 s and 2 s, one blip; 59.5 s observed, 54.5 s up.
        #expect(text.contains("| depin-eu | 120 | 11 | 2 | 91.60% | 59.5 s | 27.2 s |"))
        #expect(!text.contains("<b>name</b>"), "names are escaped")
    }

    @Test func htmlDrawsTheHeartbeatStripAndTheAdvice() throws {
        let html = String(decoding: HTMLExporter().export(try Self.input()), as: UTF8.self)
        #expect(html.contains("<section id=\"availability\">"))
        #expect(html.contains("heartbeats (down: 3+ consecutive failures)"))
        #expect(html.contains("<h3>Checkpointing</h3>"))
        #expect(html.contains("depin-eu: at this MTBF, checkpoint every"))
        #expect(!html.contains("<b>name</b>"))
        #expect(!html.contains("latency probe attempts per"), "the heartbeat strip replaces the latency-derived one")
    }

    @Test func jsonCarriesTheAnalysisAndReadsBack() throws {
        let input = try Self.input()
        let document = try JSONExporter.decode(JSONExporter().export(input))
        #expect(document.availability == input.availability)
        let text = String(decoding: JSONExporter().export(input), as: UTF8.self)
        #expect(text.contains("\"daly_interval_us\""))
        #expect(text.contains("\"checkpoint_cost_us\" : 2000000"))
    }

    @Test func strip() throws {
        let analysis = try #require(try Self.input().availability)
        let strip = AvailabilityStrip.fromHeartbeats(analysis)
        let eu = strip.rows[1]
        #expect(eu.episodes.map(\.state) == [.up, .down, .up, .down, .up])
        #expect(abs(eu.seconds(.down) - 5) < 1e-9)
        #expect(strip.rows[2].episodes.map(\.state) == [.down])
    }
}

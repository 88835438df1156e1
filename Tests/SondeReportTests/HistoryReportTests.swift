import Foundation
import Testing
import SondeCore
@testable import SondeReport

/// The history report in each of its formats, over a seeded history with one planted change.
@Suite struct HistoryReportTests {
    /// 20 runs an hour apart of 100 attempts each; "fast<b>" (a name to escape) doubles its
    /// times from run 10; "slow" fails one attempt in 20.
    static let history: HistoryAnalysis = {
        var generator = SeededGenerator(seed: 3)
        var builder = HistoryAnalysis.Builder()
        let providers = [Provider(name: "fast<b>", kind: .centralized, region: "r", endpoint: "http://a"),
                         Provider(name: "slow", kind: .depin, region: "r", endpoint: "http://b")]
        for r in 0..<20 {
            let start = Int64(1_796_083_200) * 1_000_000_000 + Int64(r) * 3_600_000_000_000
            let info = RunInfo(id: "run\(r)", startedNs: start, label: nil, vantage: nil, host: nil, sondeVersion: "t",
                               configHash: "h", configText: "")
            let series = providers.enumerated().map { index, provider in
                ProviderSeries(provider: provider, samples: (0..<100).map { i in
                    let failed = index == 1 && i % 20 == 0
                    let median = index == 0 ? (r >= 10 ? 40_000.0 : 20_000) : 50_000
                    let t = start + Int64(i) * 1_000_000_000
                    return Sample(providerID: Int64(index), probe: .latency, sequence: Int64(i), intendedNs: t, startedNs: t,
                                  totalUs: failed ? nil : Int64(median * exp(0.2 * generator.normal())),
                                  errorClass: failed ? .timeout : nil)
                })
            }
            builder.add(run: RunRecord(info: info, finishedNs: nil, status: .complete), latency: series, heartbeats: [])
        }
        return builder.analyse()
    }()

    @Test func markdownNamesTheChangeAndEscapesNames() throws {
        let text = String(decoding: try #require(HistoryReport(Self.history).export(.md)), as: UTF8.self)
        #expect(text.hasPrefix("# sonde history report"))
        #expect(text.contains("20 runs started from 2026-12-01T00:00:00Z"))
        // 19 hours: hour windows.
        #expect(text.contains("## By hour (UTC)"))
        let row = try #require(text.split(separator: "\n").first { $0.contains("| median") && $0.contains("run1") })
        #expect(row.contains("fast&lt;b>") && row.contains("run10"), "\(row)")
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("| slow") && $0.contains("| median") })
    }

    @Test func csvIsTheLongTableOfEverySection() throws {
        let text = String(decoding: try #require(HistoryReport(Self.history).export(.csv)), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "run_id,section,table,row,column,unit,value")
        #expect(lines.contains("history,history-change-points,change-points,1,run,,run10"))
        // 2 providers × 20 runs, 9 columns each (the last the source), in the per-run table.
        #expect(lines.filter { $0.hasPrefix("history,history-runs,runs,") }.count == 2 * 20 * 9)
        #expect(lines.contains("history,history-runs,runs,1,source,,samples"))
        // slow (DePIN) against fast<b> (the only centralized provider), one row per hour window.
        #expect(lines.filter { $0.hasPrefix("history,history-variance-ratio,variance-ratio,") && $0.hasSuffix(",slow") }.count == 20)
    }

    @Test func jsonCarriesTheTypedHistory() throws {
        let bytes = try #require(HistoryReport(Self.history).export(.json))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["schema"] as? String == "sonde.history/1")
        let history = try #require(object["history"] as? [String: Any])
        let providers = try #require(history["providers"] as? [[String: Any]])
        let changes = try #require(providers.first?["changes"] as? [[String: Any]])
        #expect(changes.contains { $0["metric"] as? String == "median" && $0["run_id"] as? String == "run10" })
    }

    @Test func htmlDrawsOneSmokeChartPerProviderAndEscapes() throws {
        let text = String(decoding: try #require(HistoryReport(Self.history).export(.html)), as: UTF8.self)
        // Two smoke charts and one variance-ratio chart (slow over fast<b>).
        #expect(text.components(separatedBy: "<svg").count - 1 == 3)
        #expect(text.contains("fast&lt;b&gt;") && !text.contains("fast<b>"))
        // The change points (fast's median, perhaps its p99 too) are marked on fast's chart only.
        let charts = Array(text.components(separatedBy: "<svg").dropFirst())
        let fast = charts[0], slow = charts[1]
        #expect(charts[2].contains("slow / fast&lt;b&gt;") && charts[2].contains("variance ratio (log scale)"))
        #expect(fast.contains(">median change</text>") || fast.contains(">median, p99 change</text>"))
        #expect(!slow.contains("change</text>"))
        // One dot per run and provider.
        #expect(text.components(separatedBy: "<circle").count - 1 == 40)
        #expect(!text.contains("<script"))
    }

    @Test func singleRunFormatsAreRefused() {
        #expect(HistoryReport(Self.history).export(.hlog) == nil)
        #expect(HistoryReport(Self.history).export(.bmf) == nil)
    }
}

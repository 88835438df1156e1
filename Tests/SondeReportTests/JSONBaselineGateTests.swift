import Foundation
import Testing
import SondeCore
import SondeStore
@testable import SondeReport

/// A JSON report as a gate baseline (`sonde gate --baseline FILE`): the packed `sonde.report/2`
/// file gives the gate exactly what the stored run gives it, and committed `sonde.report/1`
/// files still read.
@Suite struct JSONBaselineGateTests {
    /// The default rules and throughput (which reads the bytes column).
    static let rules = GateRules(rules: GateRules.defaultRules + [GateRules.Rule(metric: .throughput, limit: .maxDecrease(0.05))])

    /// Writes one run of two providers: successes, failures, a success without a total and one
    /// with a total of 0 (which the gate counts as failed), in schedule order; `slower` stretches
    /// one provider's totals.
    static func writeRun(_ store: SampleStore, label: String, seed: UInt64, slower: Double) throws -> RunRecord {
        let info = RunInfo(id: UUID().uuidString.lowercased(), startedNs: 1_764_000_000_000_000_000, label: label, vantage: "lab",
                           host: "h", sondeVersion: "0.1.0", configHash: "abc", configText: "")
        let writer = try store.makeWriter(runRowID: try store.beginRun(info))
        var rng = SeededGenerator(seed: seed)
        for (index, name) in ["cloud", "depin-b"].enumerated() {
            let id = try store.providerID(for: Provider(name: name, kind: index == 0 ? .centralized : .depin, region: "r\(index)",
                                                        endpoint: "http://127.0.0.1:\(index + 1)/"))
            for sequence in 0..<120 {
                let failed = rng.next() % 50 == 0
                var total: Int64? = Int64(20_000 + Int(rng.next() % UInt64(10_000 * (index + 1))))
                if name == "depin-b" { total = total.map { Int64(Double($0) * slower) } }
                if sequence == 7 { total = nil }
                if sequence == 11 && index == 0 { total = 0 }
                writer.record(Sample(providerID: id, probe: .latency, sequence: Int64(sequence), intendedNs: info.startedNs + Int64(sequence) * 1_000_000,
                                     startedNs: info.startedNs + Int64(sequence) * 1_000_000 + 50_000, totalUs: failed ? 5_000_000 : total,
                                     bytes: failed ? 0 : Int64(500 + rng.next() % 300), httpStatus: failed ? nil : 200,
                                     errorClass: failed ? .timeout : nil))
            }
        }
        try writer.finish()
        return try store.run(.id(info.id))
    }

    @Test func aPackedReportGatesExactlyAsTheRunItCameFrom() throws {
        let store = try SampleStore(path: ":memory:")
        let base = try Self.writeRun(store, label: "base", seed: 1, slower: 1)
        let candidate = try store.gateSamples(try Self.writeRun(store, label: "candidate", seed: 2, slower: 1.3))
        let fromRun = try store.gateSamples(base)

        let input = try ReportInput(data: try store.load(base), options: AnalysisOptions(baseline: "cloud", resamples: 100))
        let bytes = JSONExporter().export(input)
        let document = try JSONExporter.decode(bytes)
        #expect(document.schema == "sonde.report/2")
        let fromFile = GateSample.all(document)
        #expect(fromFile == fromRun)
        #expect(fromFile["cloud"]?.failures == fromRun["cloud"]?.failures)

        func table(_ baseline: [String: GateSample]) -> String {
            let verdict = GateEvaluator.evaluate(baseline: baseline, candidate: candidate, rules: Self.rules,
                                                 baselineName: "base", candidateName: "candidate")
            return String(decoding: GateMarkdownExporter().export(verdict), as: UTF8.self)
        }
        let tableFromRun = table(fromRun)
        #expect(table(fromFile) == tableFromRun)
        // Not a vacuous comparison: the slowed provider regresses.
        #expect(tableFromRun.contains("| depin-b | p50_total |"))
        #expect(tableFromRun.split(separator: "\n").contains { $0.hasPrefix("| depin-b | p50_total |") && $0.contains("regression") })
    }

    @Test func aCommittedReportOfSchemaOneStillGates() throws {
        // Written by sonde before issue 17 (the golden report of commit a848e7f, the fixture run
        // of Fixtures.runData()): raw samples as plain JSON arrays.
        let url = ExternalTool.root.appendingPathComponent("Tests/Fixtures/baselines/report-v1.json")
        let old = try JSONExporter.decode(Array(try Data(contentsOf: url)))
        #expect(old.schema == "sonde.report/1")
        let input = try ReportInput(data: Fixtures.runData(), options: AnalysisOptions(baseline: "cloud-us-east", resamples: 200))
        let new = try JSONExporter.decode(JSONExporter().export(input))
        #expect(new.schema == "sonde.report/2")
        #expect(old.samples == new.samples)
        #expect(GateSample.all(old) == GateSample.all(Fixtures.runData()))
        #expect(GateSample.all(new) == GateSample.all(Fixtures.runData()))
        #expect(old.providers == new.providers)
        // The analysis is what sonde computed when the file was written: its methods may have
        // changed since (issue 23 widened the IQR/MAD ends under dependence), and the gate reads
        // only the samples. What must still hold is that the old analysis decodes, whole.
        let oldNames: [String]? = old.analysis?.comparisons.map(\.name)
        let newNames: [String]? = new.analysis?.comparisons.map(\.name)
        #expect(oldNames != nil && oldNames == newNames)
        #expect(old.analysis?.headline == new.analysis?.headline)
    }

    @Test func aMalformedPackedColumnIsRejectedWithWhere() throws {
        let input = try ReportInput(data: Fixtures.runData(), options: AnalysisOptions(baseline: "cloud-us-east", resamples: 100))
        let text = String(decoding: JSONExporter().export(input), as: UTF8.self)
        let cases = [
            (#""count" : 40"#, #""count" : 41"#, "samples[0].total_us_packed: holds 40 values, count says 41"),
            (#""encoding" : "delta-zigzag-leb128-base64""#, #""encoding" : "gzip""#, "samples[0].encoding: unknown encoding 'gzip'"),
        ]
        for (from, to, message) in cases {
            let broken = text.replacingOccurrences(of: from, with: to)
            #expect(broken != text)
            let error = #expect(throws: (any Error).self) { try JSONExporter.decode(Array(broken.utf8)) }
            let description = error.map(JSONExporter.describe) ?? ""
            #expect(description.hasPrefix(message), "\(description)")
        }
    }
}

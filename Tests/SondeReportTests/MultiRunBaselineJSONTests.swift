import Foundation
import Testing
import SondeCore
@testable import SondeReport

@Suite struct MultiRunBaselineJSONTests {
    static let baseline = MultiRunBaseline(runs: [
        GateRunSummary(runID: "b", label: "nightly-2", vantage: "ci", startedNs: 2_000,
                       providers: [.init(name: "depin-eu", attempts: 600, failures: 1,
                                         statistics: ["p50_total": 65012.4, "p99_total": 131544.9, "error_rate": 1.0 / 600])]),
        GateRunSummary(runID: "a", label: "nightly-1", vantage: nil, startedNs: 1_000,
                       providers: [.init(name: "depin-eu", attempts: 600, failures: 0, statistics: ["p50_total": 64000])]),
    ], selection: "2 runs (labels matching 'nightly-*')", sondeVersion: "0.1.0")

    /// The file reads back as written, runs oldest first, and metric names stay as in a rules file.
    @Test func roundTrips() throws {
        let bytes = MultiRunBaselineJSON.encode(Self.baseline)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"schema\" : \"sonde.baseline/1\"") && text.contains("\"p50_total\" : 65012.4"))
        #expect(text.contains("\"run_id\" : \"a\"") && text.contains("\"started_ns\" : 1000"))
        #expect(MultiRunBaselineJSON.isBaseline(bytes))
        let back = try MultiRunBaselineJSON.decode(bytes)
        #expect(back == Self.baseline)
        #expect(back.runs.map(\.runID) == ["a", "b"])
        #expect(MultiRunBaselineJSON.encode(back) == bytes, "the same runs give the same bytes")
    }

    /// A single-run report is not a multi-run baseline, and a broken file names the field.
    @Test func otherDocumentsAreToldApart() {
        #expect(!MultiRunBaselineJSON.isBaseline(Array(#"{"schema": "sonde.report/1", "run": {}}"#.utf8)))
        #expect(!MultiRunBaselineJSON.isBaseline(Array("not json".utf8)))
        let broken = Array(#"{"schema": "sonde.baseline/1", "sonde_version": "0.1.0", "selection": "x", "runs": [{"run_id": "a"}]}"#.utf8)
        #expect(MultiRunBaselineJSON.isBaseline(broken))
        #expect(throws: DecodingError.self) { try MultiRunBaselineJSON.decode(broken) }
        do {
            _ = try MultiRunBaselineJSON.decode(broken)
        } catch {
            #expect(JSONExporter.describe(error).hasPrefix("runs[0]"))
        }
    }
}

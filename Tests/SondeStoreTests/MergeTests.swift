import Foundation
import Testing
import SondeCore
@testable import SondeStore

@Suite struct MergeTests {
    /// A file database holding one run from `vantage` with `count` samples per provider.
    func vantageDatabase(_ vantage: String, count: Int, in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("\(vantage).db").path
        let store = try SampleStore(path: path)
        let info = RunInfo(id: UUID().uuidString.lowercased(), startedNs: 1, label: "nightly", vantage: vantage, host: vantage,
                           sondeVersion: "t", configHash: "h", configText: "providers: []")
        let row = try store.beginRun(info)
        let writer = try store.makeWriter(runRowID: row)
        for name in ["aws", "akash"] {
            let id = try store.providerID(for: Provider(name: name, kind: name == "aws" ? .centralized : .depin, region: "r", endpoint: "http://x/"))
            for sequence in 0..<count {
                writer.record(Sample(providerID: id, probe: .latency, sequence: Int64(sequence), intendedNs: 0, startedNs: 0,
                                     totalUs: 1000 + Int64(sequence), bytes: 10, httpStatus: 200))
            }
        }
        try writer.finish()
        try store.finishRun(info.id, status: .complete, finishedNs: 2)
        return path
    }

    @Test func mergingThreeVantagesTwiceGivesTheSameRows() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-merge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = try [("berlin", 50), ("tokyo", 70), ("ohio", 30)].map { try vantageDatabase($0.0, count: $0.1, in: dir) }
        let out = try SampleStore(path: dir.appendingPathComponent("all.db").path)
        let first = try inputs.map { try out.merge(from: $0) }
        #expect(first == [.init(runs: 1, samples: 100), .init(runs: 1, samples: 140), .init(runs: 1, samples: 60)])
        let again = try inputs.map { try out.merge(from: $0) }
        #expect(again.allSatisfy { $0 == .init(runs: 0, samples: 0) })
        let runs = try out.runs()
        #expect(Set(runs.compactMap(\.info.vantage)) == ["berlin", "tokyo", "ohio"])
        #expect(try runs.map { try out.sampleCount($0) }.reduce(0, +) == 300)
        // Providers with the same identity are one row across vantages.
        let tokyo = try #require(runs.first { $0.info.vantage == "tokyo" })
        let data = try out.load(tokyo)
        #expect(data.series.map(\.provider.name) == ["akash", "aws"])
        #expect(data.series[0].samples.count == 70)
        #expect(data.run.status == .complete)
    }

    @Test func provisionsMergeOncePerRunProviderAndAttempt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-merge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try vantageDatabase("berlin", count: 1, in: dir)
        let source = try SampleStore(path: path)
        let run = try #require(try source.runs().first)
        let runRow = try source.rowID(of: run)
        let provider = try source.providerID(for: Provider(name: "akash", kind: .depin, region: "r", endpoint: "http://x/"))
        let records = (1...3).map { ProvisionRecord(provider: "akash", attempt: $0, requestedNs: Int64($0), providerResourceID: "d\($0)",
                                                    acceptedNs: Int64($0) + 5, tornDownNs: 99, outcome: .ready) }
        for record in records { try source.saveProvision(record, runRowID: runRow, providerID: provider, adapter: "akash") }
        let out = try SampleStore(path: dir.appendingPathComponent("all.db").path)
        try out.merge(from: path)
        try out.merge(from: path)
        #expect(try out.provisions(runID: run.info.id) == records)
    }
}

import Foundation
import Testing
import SondeCore
@testable import SondeStore

/// LLM request records go through the batched writer: committed with their samples while the
/// probe still runs, so a crash loses them only with their samples rows.
@Suite struct SampleWriterLLMTests {
    @Test func recordsAreCommittedWithTheirSamplesBeforeTheWriterFinishes() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-llmwriter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("llm.db").path
        let store = try SampleStore(path: path)
        let info = RunInfo(id: UUID().uuidString.lowercased(), startedNs: 1, label: "llm", vantage: nil, host: "h",
                           sondeVersion: "t", configHash: "h", configText: "providers: []")
        let row = try store.beginRun(info)
        let id = try store.providerID(for: Provider(name: "gpu", kind: .depin, region: "r", endpoint: "http://x/"))
        let writer = try store.makeWriter(runRowID: row)
        for sequence in Int64(0)..<5 {
            writer.record(Sample(providerID: id, probe: .llm, sequence: sequence, intendedNs: sequence, startedNs: sequence,
                                 ttfbUs: 200, totalUs: 900, bytes: 10, httpStatus: 200))
            writer.record(LLMRequestRecord(providerID: id, sequence: sequence, ttftUs: 200, tpotUs: 40, outputTokens: 16,
                                           tokensSource: .usage, promptTokens: 64, chunkOffsetsUs: [200, 240, 900]))
        }
        // Another connection sees them once a flush has run (every 250 ms), before finish().
        let reader = try SampleStore(path: path, create: false)
        var seen: [LLMProviderData] = []
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            seen = try reader.loadLLM(try reader.run(.id(info.id)))
            if seen.first?.records.count == 5 { break }
        }
        #expect(seen.count == 1 && seen[0].samples.count == 5 && seen[0].records.count == 5)
        let records = Array(seen.first?.records.values ?? [:].values)
        #expect(records.map(\.sequence).sorted() == [0, 1, 2, 3, 4])
        let offsets: [[Int64]] = records.map(\.chunkOffsetsUs)
        #expect(offsets.allSatisfy { $0 == [200, 240, 900] })
        #expect(records.allSatisfy { $0.tokensSource == .usage })
        #expect(try writer.finish() == 5)
    }
}

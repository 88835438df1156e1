import Foundation
import Testing
import SondeCore
@testable import SondeStore

/// `SampleStore.importRun`: one transaction per imported file, duplicates by content hash per
/// provider. Every test body runs against an in-memory and a file database.
@Suite struct ImportStoreTests {
    typealias Backing = SampleStoreTests.Backing

    static let provider = Provider(name: "vllm-a100", kind: .depin, region: "eu", endpoint: "import:result.json")

    static func llmRun(sequences: [Int64] = [0, 1]) -> ImportedRun {
        let start: Int64 = 1_767_323_045_000_000_000
        let samples = sequences.enumerated().map { index, sequence in
            Sample(providerID: 0, probe: .llm, sequence: sequence, intendedNs: start + Int64(index) * 1_000_000,
                   startedNs: start + Int64(index) * 1_000_000, ttfbUs: 300_000, totalUs: 390_000)
        }
        let records = sequences.map {
            LLMRequestRecord.summarise(providerID: 0, sequence: $0, offsetsUs: [300_000, 340_000, 390_000], endUs: 390_000,
                                       usageTokens: 3, promptTokens: 120)
        }
        return ImportedRun(format: .vllm, probe: .llm, endpoint: nil, samples: samples, llmRecords: records, notes: ["two requests"])
    }

    static func info() -> RunInfo {
        RunInfo(id: UUID().uuidString.lowercased(), startedNs: 1_767_323_045_000_000_000, label: "imported", vantage: "lab",
                host: "h", sondeVersion: "0.1.0", configHash: "abc", configText: "import:\n  format: vllm\n")
    }

    @Test(arguments: Backing.allCases)
    func importStoresACompleteRunAndSkipsTheSameContent(backing: Backing) throws {
        let store = try backing.open()
        let run = Self.llmRun()
        let first = try store.importRun(run, info: Self.info(), provider: Self.provider, contentSHA256: "aa", fileName: "result.json")
        guard case let .imported(runID, count) = first else { Issue.record("not imported: \(first)"); return }
        #expect(count == 2)
        let record = try store.run(.id(runID))
        #expect(record.status == .complete)
        #expect(record.finishedNs == run.finishedNs && record.info.label == "imported")
        let llm = try store.loadLLM(record)
        #expect(llm.count == 1 && llm[0].provider == Self.provider)
        #expect(llm[0].samples.map(\.totalUs) == [390_000, 390_000])
        #expect(llm[0].records[0]?.chunkOffsetsUs == [300_000, 340_000, 390_000])
        #expect(llm[0].records[1]?.tpotUs == 45_000 && llm[0].records[1]?.promptTokens == 120)

        let again = try store.importRun(run, info: Self.info(), provider: Self.provider, contentSHA256: "aa", fileName: "copy.json")
        #expect(again == .duplicate(runID: runID))
        #expect(try store.runs().count == 1)
        // A renamed copy (the endpoint of a file that names no URL comes from its name) is the same measurement.
        var renamed = Self.provider
        renamed.endpoint = "import:copy.json"
        let copy = try store.importRun(run, info: Self.info(), provider: renamed, contentSHA256: "aa", fileName: "copy.json")
        #expect(copy == .duplicate(runID: runID))
        #expect(try store.runs().count == 1)
        // The same content for another provider is that provider's run.
        var other = Self.provider
        other.name = "vllm-h100"
        let elsewhere = try store.importRun(run, info: Self.info(), provider: other, contentSHA256: "aa", fileName: "result.json")
        guard case .imported = elsewhere else { Issue.record("not imported for a second provider"); return }
        #expect(try store.runs().count == 2)
    }

    @Test(arguments: Backing.allCases)
    func aFailedImportLeavesNothingBehind(backing: Backing) throws {
        let store = try backing.open()
        // Two samples with one sequence break the samples' primary key half-way through.
        let broken = Self.llmRun(sequences: [0, 0])
        #expect(throws: StoreError.self) {
            try store.importRun(broken, info: Self.info(), provider: Self.provider, contentSHA256: "bb", fileName: "bad.json")
        }
        #expect(try store.runs().isEmpty)
        let leftovers = try store.db.prepare("""
            SELECT (SELECT count(*) FROM samples) + (SELECT count(*) FROM llm_requests) + (SELECT count(*) FROM imported_files)
                 + (SELECT count(*) FROM providers)
            """)
        try leftovers.step()
        #expect(leftovers.int64(0) == 0)
        // And the same file imports once it is whole.
        let whole = try store.importRun(Self.llmRun(), info: Self.info(), provider: Self.provider, contentSHA256: "bb",
                                        fileName: "bad.json")
        guard case .imported = whole else { Issue.record("a retry after a failure was skipped"); return }
    }

    @Test func mergeCarriesImportedHashes() throws {
        let source = try Backing.file.open()
        _ = try source.importRun(Self.llmRun(), info: Self.info(), provider: Self.provider, contentSHA256: "cc", fileName: "r.json")
        let target = try Backing.file.open()
        try target.merge(from: source.path)
        let again = try target.importRun(Self.llmRun(), info: Self.info(), provider: Self.provider, contentSHA256: "cc",
                                         fileName: "r.json")
        guard case .duplicate = again else { Issue.record("a merged import was imported again: \(again)"); return }
    }
}

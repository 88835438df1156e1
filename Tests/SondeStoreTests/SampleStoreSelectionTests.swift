import Foundation
import Testing
import SondeCore
@testable import SondeStore

/// Reading by selection: the store resolves a `RunSelection` and returns every probe kind's
/// stored parts of a run, so the analysis never queries the backend itself.
@Suite struct SampleStoreSelectionTests {
    static func store(_ runs: [(id: String, label: String, vantage: String, startedS: Int64)]) throws -> SampleStore {
        let store = try SampleStore(path: ":memory:")
        for run in runs {
            let info = RunInfo(id: run.id, startedNs: run.startedS * 1_000_000_000, label: run.label, vantage: run.vantage, host: "h",
                               sondeVersion: "0.1.0", configHash: "x", configText: "")
            let row = try store.beginRun(info)
            let provider = try store.providerID(for: Provider(name: "p", kind: .depin, region: "r", endpoint: "http://p/"))
            let writer = try store.makeWriter(runRowID: row)
            for (i, probe) in [ProbeKind.latency, .latency, .availability, .bandwidth].enumerated() {
                writer.record(Sample(providerID: provider, probe: probe, sequence: Int64(i), intendedNs: info.startedNs, startedNs: info.startedNs,
                                     ttfbUs: 500, totalUs: 1_000, bytes: 1_000, httpStatus: 200))
            }
            writer.record(LoadInterval(providerID: provider, startNs: info.startedNs, intervalNs: 1_000_000_000, due: 3, sent: 3, ok: 3))
            _ = try writer.finish()
            try store.finishRun(run.id, status: .complete, finishedNs: info.startedNs + 1)
        }
        return store
    }

    static let runs = [(id: "aa01", label: "nightly-1", vantage: "berlin", startedS: Int64(100)),
                       (id: "aa02", label: "nightly-2", vantage: "tokyo", startedS: Int64(200)),
                       (id: "bb03", label: "adhoc", vantage: "berlin", startedS: Int64(300))]

    @Test func selectionsResolveInTheStore() throws {
        let store = try Self.store(Self.runs)
        #expect(try store.runs(RunSelection()).map(\.info.id) == ["bb03"])
        #expect(try store.runs(RunSelection(.all, labelPattern: "nightly-*")).map(\.info.id) == ["aa02", "aa01"])
        #expect(try store.runs(RunSelection(.last, vantages: ["berlin"])).map(\.info.id) == ["bb03"])
        #expect(try store.runs(RunSelection(.all, fromNs: 150_000_000_000)).map(\.info.id) == ["bb03", "aa02"])
        #expect(try store.runs(RunSelection(.ids(["aa01"]))).map(\.info.label) == ["nightly-1"])
        #expect {
            _ = try store.runs(RunSelection(.ids(["aa"])))
        } throws: { error in
            (error as? StoreError)?.kind == .notFound && (error as? StoreError)?.message == "run id prefix 'aa' is ambiguous"
        }
    }

    @Test func partsHoldEveryProbeKindOfTheRun() throws {
        let store = try Self.store(Self.runs)
        let parts = try store.parts(try #require(store.runs(RunSelection(.ids(["aa02"]))).first))
        #expect(parts.run.info.id == "aa02")
        #expect(parts.latency.series.map(\.samples.count) == [2])
        #expect(parts.heartbeats.map(\.samples.count) == [1])
        #expect(parts.bandwidth.map(\.samples.count) == [1])
        #expect(parts.loadIntervals.map(\.intervals.count) == [1])
        #expect(parts.llm.isEmpty && parts.provisions.isEmpty)
    }
}

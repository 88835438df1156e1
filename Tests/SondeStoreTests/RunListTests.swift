import Foundation
import Testing
import SondeCore
@testable import SondeStore

/// `runSummaries`, its filters and the per-run sample counts that migration 7 keeps.
@Suite struct RunListTests {
    typealias Backing = SampleStoreTests.Backing
    static let day: Int64 = 86_400_000_000_000
    static let epoch: Int64 = 1_764_000_000_000_000_000

    /// Five runs a day apart (run 0 oldest), labels `nightly-0`…, vantages alternating eu/us,
    /// run k holding k+1 latency samples for each of two providers, and run 4 also 3 load rows.
    static func fleet(_ backing: Backing) throws -> (SampleStore, [String]) {
        let store = try backing.open()
        let a = try store.providerID(for: Provider(name: "a", kind: .centralized, region: "us", endpoint: "http://a/"))
        let b = try store.providerID(for: Provider(name: "b", kind: .depin, region: "eu", endpoint: "http://b/"))
        var ids: [String] = []
        for k in 0..<5 {
            let info = RunInfo(id: "0000000\(k)-run", startedNs: epoch + Int64(k) * day, label: "nightly-\(k)",
                               vantage: k % 2 == 0 ? "eu" : "us", host: "h", sondeVersion: "t", configHash: "c", configText: "")
            let writer = try store.makeWriter(runRowID: try store.beginRun(info))
            for provider in [a, b] {
                for sequence in 0...k {
                    writer.record(Sample(providerID: provider, probe: .latency, sequence: Int64(sequence), intendedNs: 0, startedNs: 0,
                                         totalUs: 5))
                }
            }
            if k == 4 {
                for sequence in 0..<3 {
                    writer.record(Sample(providerID: a, probe: .load, sequence: Int64(sequence), intendedNs: 0, startedNs: 0, totalUs: 5))
                }
            }
            try writer.finish()
            try store.finishRun(info.id, status: .complete, finishedNs: info.startedNs + 1)
            ids.append(info.id)
        }
        return (store, ids)
    }

    @Test(arguments: Backing.allCases)
    func listsNewestFirstWithCountsTheWriterKept(backing: Backing) throws {
        let (store, ids) = try Self.fleet(backing)
        let runs = try store.runSummaries()
        #expect(runs.map(\.id) == ids.reversed())
        #expect(runs.map(\.samples) == [13, 8, 6, 4, 2])
        #expect(runs[0].samplesByProbe == [.init(probe: "latency", samples: 10), .init(probe: "load", samples: 3)])
        #expect(runs.allSatisfy { $0.providers == 2 })
        // The kept counts are what counting the rows gives.
        for run in try store.runs() {
            #expect(runs.first { $0.id == run.info.id }?.samples == (try store.sampleCount(run)))
        }
        #expect(runs[4] == RunSummary(id: ids[0], label: "nightly-0", vantage: "eu", host: "h", status: .complete, startedNs: Self.epoch,
                                      finishedNs: Self.epoch + 1, providers: 2, samplesByProbe: [.init(probe: "latency", samples: 2)]))
    }

    @Test(arguments: Backing.allCases)
    func filtersCombine(backing: Backing) throws {
        let (store, ids) = try Self.fleet(backing)
        func listed(_ filter: RunFilter) throws -> [String] { try store.runSummaries(filter).map(\.id) }
        #expect(try listed(RunFilter(label: "nightly-3")) == [ids[3]])
        #expect(try listed(RunFilter(labelPattern: "nightly-[0-2]")) == [ids[2], ids[1], ids[0]])
        #expect(try listed(RunFilter(labelPattern: "NIGHTLY-*")) == [], "GLOB is case-sensitive")
        #expect(try listed(RunFilter(startedFromNs: Self.epoch + 3 * Self.day)) == [ids[4], ids[3]])
        #expect(try listed(RunFilter(startedBeforeNs: Self.epoch + Self.day)) == [ids[0]], "--to is exclusive")
        #expect(try listed(RunFilter(startedFromNs: Self.epoch + Self.day, startedBeforeNs: Self.epoch + 3 * Self.day)) == [ids[2], ids[1]])
        #expect(try listed(RunFilter(vantages: ["us"])) == [ids[3], ids[1]])
        #expect(try listed(RunFilter(vantages: ["us", "eu"], limit: 2)) == [ids[4], ids[3]])
        #expect(try listed(RunFilter(labelPattern: "nightly-*", startedFromNs: Self.epoch + Self.day, vantages: ["eu"], limit: 1)) == [ids[4]])
        #expect(try listed(RunFilter(vantages: ["mars"])) == [])
    }

    /// A database from before migration 7 (its table and indexes dropped, its record removed)
    /// gets the counts back from its rows when reopened.
    @Test func migrationSevenBackfillsCountsFromStoredRows() throws {
        let (store, _) = try Self.fleet(.file)
        try store.db.execute("""
            DROP TABLE run_sample_counts; DROP INDEX runs_started; DROP INDEX runs_vantage; DROP INDEX runs_running;
            DELETE FROM schema_migrations WHERE version = 7;
            """)
        let reopened = try SampleStore(path: store.path)
        #expect(try reopened.appliedMigrations().contains(7))
        #expect(try reopened.runSummaries().map(\.samples) == [13, 8, 6, 4, 2])
    }

    @Test func mergeKeepsCountsExactAndMergingTwiceAddsNothing() throws {
        let (source, ids) = try Self.fleet(.file)
        let out = try SampleStore(path: source.path + "-merged.db")
        try out.merge(from: source.path)
        try out.merge(from: source.path)
        #expect(try out.runSummaries().map(\.samples) == [13, 8, 6, 4, 2])
        #expect(try out.runSummaries().map(\.id) == ids.reversed())
    }

    @Test(arguments: Backing.allCases)
    func runsAreFoundByIndexedLookups(backing: Backing) throws {
        let (store, ids) = try Self.fleet(backing)
        #expect(try store.run(.last).info.id == ids[4])
        #expect(try store.run(.label("nightly-2")).info.id == ids[2])
        #expect(try store.run(.id("00000001")).info.id == ids[1])
        #expect(try store.run(.id(ids[3])).info.id == ids[3])
        #expect(throws: StoreError.self) { try store.run(.id("0000000")) }
        #expect(throws: StoreError.self) { try store.run(.id("0000000*")) }
        #expect(throws: StoreError.self) { try store.run(.label("weekly")) }
        #expect(try store.run(.idOrLabel("nightly-0")).info.id == ids[0])
    }

    /// The cursor gives each provider's samples in the order and with the values `load` gives.
    @Test(arguments: Backing.allCases)
    func cursorsMatchLoad(backing: Backing) throws {
        let (store, _) = try Self.fleet(backing)
        let run = try store.run(.last)
        let data = try store.load(run)
        let providers = try store.sampleProviders(of: run)
        #expect(providers.map(\.provider) == data.series.map(\.provider))
        for (index, (id, _)) in providers.enumerated() {
            let cursor = try store.sampleCursor(of: run, providerID: id)
            var samples: [Sample] = []
            while let sample = try cursor.next() { samples.append(sample) }
            #expect(samples == Array(data.series[index].samples))
        }
        #expect(try store.sampleProviders(of: run, probe: .load).map(\.provider.name) == ["a"])
        #expect(try store.sampleProviders(of: run, probe: .bandwidth).isEmpty)
    }

    /// PostgreSQL's cursor reads by pages of keys: pages of one row, of two (a short last page),
    /// of exactly the run (an empty page after it) and larger all give `load`'s samples, with other
    /// statements run on the same connection between rows.
    @Test(arguments: Backing.allCases, [1, 2, 5, 6])
    func pagedCursorsMatchLoad(backing: Backing, pageRows: Int) throws {
        let (store, _) = try Self.fleet(backing)
        let run = try store.run(.last)
        let data = try store.load(run)
        for (index, (id, _)) in try store.sampleProviders(of: run).enumerated() {
            let cursor = try store.sampleCursor(of: run, providerID: id, probe: .latency, pageRows: pageRows)
            var samples: [Sample] = []
            while let sample = try cursor.next() {
                samples.append(sample)
                #expect(try store.sampleCount(run) == 13)
            }
            #expect(samples.count == 5)
            #expect(samples == Array(data.series[index].samples))
        }
    }
}

/// The literals the writer binds uncopied are the stored names.
@Suite struct StaticTextTests {
    @Test func literalsSpellTheRawValues() {
        for probe in ProbeKind.allCases {
            #expect(StaticText.probe(probe).description == probe.rawValue)
            #expect(StaticText.probe(probe).hasPointerRepresentation)
        }
        for error in ErrorClass.allCases {
            #expect(StaticText.error(error).description == error.rawValue)
            #expect(StaticText.error(error).hasPointerRepresentation)
        }
    }
}

/// `sonde import` keeps the counts too, and a duplicate file adds none.
@Suite struct ImportCountTests {
    @Test(arguments: SampleStoreTests.Backing.allCases)
    func anImportedRunListsItsSamples(backing: SampleStoreTests.Backing) throws {
        let store = try backing.open()
        let run = ImportStoreTests.llmRun()
        _ = try store.importRun(run, info: ImportStoreTests.info(), provider: ImportStoreTests.provider, contentSHA256: "aa",
                                fileName: "result.json")
        _ = try store.importRun(run, info: ImportStoreTests.info(), provider: ImportStoreTests.provider, contentSHA256: "aa",
                                fileName: "again.json")
        let listed = try store.runSummaries()
        #expect(listed.count == 1)
        #expect(listed.first?.samples == run.samples.count)
        #expect(listed.first?.samples == (try store.sampleCount(try store.run(.last))))
    }
}

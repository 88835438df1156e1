import Foundation
import Testing
import SondeCore
@testable import SondeStore

/// `HistoryReader` reads what the history needs of a run in one pass: the same attempts,
/// heartbeats and summaries as `SampleStore.load` and `SampleStore.summaries` give, and the same
/// history from them.
struct HistoryReaderTests {
    /// Two runs of `PruneTests.database` (one straddles an hour edge), the first pruned.
    static func database(_ backing: SampleStoreTests.Backing) throws -> (SampleStore, [RunRecord]) {
        let (store, runs) = try PruneTests.database(startsNs: [PruneTests.originNs - 120_000_000_000, PruneTests.originNs + PruneTests.hourNs],
                                                    backing: backing)
        try store.prune(runs[0], nowNs: 42)
        return (store, runs)
    }

    @Test(arguments: SampleStoreTests.Backing.allCases)
    func aRawRunReadsAsLoadReadsIt(backing: SampleStoreTests.Backing) throws {
        let (store, runs) = try Self.database(backing)
        let reader = try HistoryReader(store)
        let raw = try reader.raw(runs[1])
        let latency = try store.load(runs[1]).series, beats = try store.load(runs[1], probe: .availability).series
        #expect(raw.latency == latency.map(RunLatencies.init))
        #expect(raw.latency.map(\.provider.name) == ["a", "b"] && raw.latency.map(\.count) == [300, 300])
        // 1 in 30 failed: their totals are nil.
        #expect(raw.latency[0].totalUs.filter { $0 == nil }.count == 10)
        #expect(raw.heartbeats.map(\.provider) == beats.map(\.provider))
        for (read, loaded) in zip(raw.heartbeats, beats) {
            #expect(read.samples.map { [$0.sequence, $0.intendedNs, $0.startedNs, $0.totalUs ?? -1] }
                    == loaded.samples.map { [$0.sequence, $0.intendedNs, $0.startedNs, $0.totalUs ?? -1] })
            #expect(read.samples.map(\.errorClass) == loaded.samples.map(\.errorClass))
        }
        // A pruned run has no rows left.
        #expect(try reader.raw(runs[0]).latency.isEmpty)
    }

    @Test(arguments: SampleStoreTests.Backing.allCases)
    func aPrunedRunReadsAsItsSummaries(backing: SampleStoreTests.Backing) throws {
        let (store, runs) = try Self.database(backing)
        let pruned = try HistoryReader(store).pruned(runs[0])
        let kept = try store.summaries(runs[0], phases: [.total])
        #expect(pruned.latency == kept.filter { $0.probe == .latency }.map(RunLatencySummary.init))
        #expect(pruned.latency.map(\.provider.name) == ["a", "b"] && pruned.latency.map { $0.hours.count } == [2, 2])
        // The availability summaries without their hourly histograms, which a history does not read.
        #expect(pruned.availability == kept.filter { $0.probe == .availability }.map { summary in
            var without = summary
            without.hours = []
            return without
        })
        #expect(pruned.availability.first?.heartbeats.isEmpty == false)
    }

    /// The history from the reader is the history from `load` and `summaries`, figure for figure.
    @Test func theHistoryIsTheSameAsFromLoadAndSummaries() throws {
        let (store, runs) = try Self.database(.file)
        let reader = try HistoryReader(store)
        var fast = HistoryAnalysis.Builder(bucket: .hour), slow = HistoryAnalysis.Builder(bucket: .hour)
        let pruned = try reader.pruned(runs[0])
        fast.add(run: runs[0], latency: pruned.latency, availability: pruned.availability)
        slow.add(run: runs[0], summaries: try store.summaries(runs[0], phases: [.total]))
        let raw = try reader.raw(runs[1])
        fast.add(run: runs[1], latencies: raw.latency, heartbeats: raw.heartbeats)
        slow.add(run: runs[1], latency: try store.load(runs[1]).series, heartbeats: try store.load(runs[1], probe: .availability).series)
        let a = fast.analyse(), b = slow.analyse()
        #expect(a.providers.map(\.runs) == b.providers.map(\.runs))
        #expect(a.providers.map(\.windows) == b.providers.map(\.windows))
        #expect(a.providers.map(\.availability) == b.providers.map(\.availability))
        #expect(a.varianceRatios == b.varianceRatios)
        #expect(a.summarizedRuns == 1 && a.providers.first?.windows.map(\.source) == [.summaries, .summaries, .samples])
    }
}

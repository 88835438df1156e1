import Foundation
import Testing
import SondeCore
@testable import SondeStore

/// A pruned run (its samples replaced by summaries, migration 10) survives every kind of merge:
/// SQLite to SQLite, a push into PostgreSQL and a pull back out; so do the files a run was imported
/// from (`imported_files`). Merging twice adds nothing.
@Suite struct MergeSummariesTests {
    /// A file database with two runs, the older one pruned, and an imported-file row on the newer one.
    static func source() throws -> (SampleStore, pruned: RunRecord, kept: RunRecord) {
        let (store, runs) = try PruneTests.database(startsNs: [PruneTests.originNs - 120_000_000_000, PruneTests.originNs + PruneTests.hourNs])
        try store.prune(runs[0], nowNs: 42)
        try store.db.execute("""
            INSERT INTO imported_files(content_sha256, provider_id, run_id, format, file_name, imported_at_ns)
            SELECT 'abc123', p.id, r.id, 'hey', 'hey.csv', 7 FROM providers p, runs r WHERE p.name = 'a' AND r.uuid = '\(runs[1].info.id)'
            """)
        return (store, runs[0], runs[1])
    }

    /// The copy holds the same summaries, the pruned mark, the imported file, and the kept run's samples.
    static func expectSameRuns(_ copy: SampleStore, as source: SampleStore, pruned: RunRecord, kept: RunRecord) throws {
        let original = try source.summaries(pruned)
        let copied = try copy.summaries(pruned)
        #expect(copied.count == original.count && !copied.isEmpty)
        for (a, b) in zip(original, copied) {
            #expect(a.provider.name == b.provider.name && a.probe == b.probe)
            #expect(a.attempts == b.attempts && a.failures == b.failures && a.errors == b.errors)
            #expect(a.p50Us == b.p50Us && a.p90Us == b.p90Us && a.p99Us == b.p99Us)
            #expect(a.hours == b.hours, "the hourly histograms of \(a.provider.name) \(a.probe)")
            #expect(a.heartbeats.map { [$0.sequence, $0.intendedNs] } == b.heartbeats.map { [$0.sequence, $0.intendedNs] })
            #expect(a.heartbeats.map(\.errorClass) == b.heartbeats.map(\.errorClass))
        }
        #expect(try copy.prunedAt(pruned) == 42 && copy.prunedAt(kept) == nil)
        #expect(try copy.sampleCount(kept) == 660 && copy.sampleCount(pruned) == 0)
        let files = try copy.db.prepare("""
            SELECT f.content_sha256, p.name, r.uuid, f.format, f.file_name, f.imported_at_ns
            FROM imported_files f JOIN providers p ON p.id = f.provider_id JOIN runs r ON r.id = f.run_id
            """)
        #expect(try files.step())
        #expect(files.string(0) == "abc123" && files.string(1) == "a" && files.string(2) == kept.info.id)
        #expect(files.string(3) == "hey" && files.string(4) == "hey.csv" && files.int64(5) == 7)
        #expect(try !files.step(), "one imported file")
    }

    @Test func aPrunedRunSurvivesASQLiteMergeTwice() throws {
        let (source, pruned, kept) = try Self.source()
        let target = try SampleStoreTests.Backing.file.open()
        #expect(try target.merge(from: source.path) == .init(runs: 2, samples: 660))
        #expect(try target.merge(from: source.path) == .init(runs: 0, samples: 0))
        try Self.expectSameRuns(target, as: source, pruned: pruned, kept: kept)
        #expect(try PruneTests.count(target, "SELECT count(*) FROM run_summary_histograms")
                == PruneTests.count(source, "SELECT count(*) FROM run_summary_histograms"))
    }

    @Test(.enabled(if: PostgresTestDatabase.enabled))
    func aPrunedRunSurvivesAPushAndAPullTwice() throws {
        let (source, pruned, kept) = try Self.source()
        let server = try SampleStoreTests.Backing.postgres.open()
        #expect(try server.merge(from: source.path).runs == 2)
        #expect(try server.merge(from: source.path) == .init(runs: 0, samples: 0))
        try Self.expectSameRuns(server, as: source, pruned: pruned, kept: kept)

        let pulled = try SampleStoreTests.Backing.file.open()
        #expect(try pulled.pull(from: server) == .init(runs: 2, samples: 660))
        #expect(try pulled.pull(from: server) == .init(runs: 0, samples: 0))
        try Self.expectSameRuns(pulled, as: source, pruned: pruned, kept: kept)
        for table in ["run_summaries", "run_summary_histograms", "run_summary_heartbeats", "imported_files"] {
            #expect(try PruneTests.count(pulled, "SELECT count(*) FROM \(table)") == PruneTests.count(source, "SELECT count(*) FROM \(table)"),
                    "\(table)")
        }
    }
}

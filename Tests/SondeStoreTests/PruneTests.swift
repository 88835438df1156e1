import Foundation
import Testing
import SondeCore
@testable import SondeStore

/// `SampleStore.prune`: summaries in, samples out, in one transaction.
struct PruneTests {
    static let hourNs: Int64 = 3_600_000_000_000
    /// 2026-12-01T00:00:00Z.
    static let originNs: Int64 = 1_796_083_200_000_000_000

    /// A file database with one complete run per start in `startsNs`: per run 300 latency
    /// attempts per provider a second apart (straddling an hour edge when the start is 2 minutes
    /// before one), 1 in 30 failed, and 60 heartbeats of provider b with 3 failures in a row.
    static func database(startsNs: [Int64], backing: SampleStoreTests.Backing = .file) throws -> (SampleStore, [RunRecord]) {
        let store = try backing.open()
        let a = try store.providerID(for: Provider(name: "a", kind: .centralized, region: "us", endpoint: "http://a/"))
        let b = try store.providerID(for: Provider(name: "b", kind: .depin, region: "eu", endpoint: "http://b/"))
        for (r, start) in startsNs.enumerated() {
            let info = SampleStoreTests.info(startedNs: start)
            let writer = try store.makeWriter(runRowID: try store.beginRun(info))
            for (provider, base) in [(a, Int64(20_000)), (b, 31_000)] {
                for i in 0..<300 {
                    let t = start + Int64(i) * 1_000_000_000
                    let failed = (i + r) % 30 == 0
                    writer.record(Sample(providerID: provider, probe: .latency, sequence: Int64(i), intendedNs: t, startedNs: t + 5,
                                         dnsUs: 10, connectUs: 100 + Int64(i % 7), ttfbUs: failed ? nil : base + Int64(i * 37 % 5000),
                                         totalUs: failed ? nil : base + 50 + Int64(i * 37 % 5000), bytes: 10,
                                         httpStatus: failed ? nil : 200, errorClass: failed ? .timeout : nil))
                }
            }
            for i in 0..<60 {
                let t = start + Int64(i) * 5_000_000_000
                let down = (20..<23).contains(i)
                writer.record(Sample(providerID: b, probe: .availability, sequence: Int64(i), intendedNs: t, startedNs: t,
                                     totalUs: down ? nil : 800, errorClass: down ? .refused : nil))
            }
            _ = try writer.finish()
            try store.finishRun(info.id, status: .complete, finishedNs: start + 300_000_000_000)
        }
        return (store, try store.runs().reversed())
    }

    static func count(_ store: SampleStore, _ sql: String) throws -> Int64 {
        let statement = try store.db.prepare(sql)
        try statement.step()
        return statement.int64(0) ?? 0
    }

    /// On a file and, when a test cluster is up, on PostgreSQL (histograms as bytea).
    @Test(arguments: SampleStoreTests.Backing.allCases.filter { $0 != .memory })
    func pruningKeepsExactlyTheSummaryOfTheRawSamples(backing: SampleStoreTests.Backing) throws {
        let (store, runs) = try Self.database(startsNs: [Self.originNs - 120_000_000_000, Self.originNs + Self.hourNs], backing: backing)
        let old = runs[0]
        let expected = try ProbeKind.allCases.flatMap { probe in
            try store.load(old, probe: probe).series.map { RunProbeSummary($0, probe: probe) }
        }
        let plan = try store.prunePlan(startedBefore: Self.originNs)
        #expect(plan.candidates.map(\.run.info.id) == [old.info.id] && plan.candidates[0].samples == 660 && plan.running.isEmpty)
        #expect(try store.prune(old, nowNs: 42) == 660)

        let kept = try store.summaries(old)
        #expect(kept.map(\.provider.name) == ["a", "b", "b"] && kept.map(\.probe) == [.latency, .availability, .latency])
        let byKey = { (s: RunProbeSummary) in "\(s.provider.name) \(s.probe.rawValue)" }
        for summary in kept {
            let raw = try #require(expected.first { byKey($0) == byKey(summary) })
            #expect(summary.attempts == raw.attempts && summary.failures == raw.failures && summary.errors == raw.errors)
            #expect(summary.p50Us == raw.p50Us && summary.p90Us == raw.p90Us && summary.p99Us == raw.p99Us)
            #expect(summary.hours == raw.hours)
            #expect(summary.heartbeats.map { [$0.sequence, $0.intendedNs] } == raw.heartbeats.map { [$0.sequence, $0.intendedNs] })
            #expect(summary.heartbeats.map(\.errorClass) == raw.heartbeats.map(\.errorClass))
        }
        // The run straddles an hour edge: two hours, each with its own counts.
        let latency = try #require(kept.first { $0.probe == .latency })
        #expect(latency.hours.map(\.startNs) == [Self.originNs - Self.hourNs, Self.originNs])
        #expect(latency.hours.map(\.attempts) == [120, 180])
        #expect(Set(latency.hours[0].phases.keys) == [.dns, .connect, .ttfb, .total])

        #expect(try Self.count(store, "SELECT count(*) FROM samples s JOIN runs r ON r.id = s.run_id WHERE r.uuid = '\(old.info.id)'") == 0)
        #expect(try Self.count(store, "SELECT count(*) FROM run_sample_counts c JOIN runs r ON r.id = c.run_id WHERE r.uuid = '\(old.info.id)'") == 0)
        // The newer run is untouched, and its counts still match its rows.
        #expect(try store.sampleCount(runs[1]) == 660)
        #expect(try Self.count(store, "SELECT sum(samples) FROM run_sample_counts") == 660)
        #expect(try store.prunedRunIDs() == [old.info.id] && store.prunedAt(old) == 42 && store.prunedAt(runs[1]) == nil)
        // Pruned runs are not candidates again, and pruning one twice changes nothing.
        #expect(try store.prunePlan(startedBefore: Self.originNs).candidates.isEmpty)
        #expect(try store.prune(old, nowNs: 43) == 0 && store.prunedAt(old) == 42)
    }

    @Test func aFailingStatementMidPruneLosesNothing() throws {
        let (store, runs) = try Self.database(startsNs: [Self.originNs, Self.originNs + 600_000_000_000])
        // The delete of the second run's samples fails after its summaries were written.
        try store.db.execute("""
            CREATE TRIGGER refuse BEFORE DELETE ON samples WHEN old.run_id = (SELECT id FROM runs WHERE uuid = '\(runs[1].info.id)')
            BEGIN SELECT RAISE(ABORT, 'disk on fire'); END
            """)
        let plan = try store.prunePlan(startedBefore: Self.originNs + Self.hourNs)
        #expect(plan.candidates.count == 2)
        #expect(try store.prune(plan.candidates[0].run, nowNs: 1) == 660)
        #expect(throws: StoreError.self) { try store.prune(plan.candidates[1].run, nowNs: 1) }
        // The failed run is as it was: samples, counts, no summaries, not marked.
        #expect(try store.sampleCount(runs[1]) == 660)
        #expect(try Self.count(store, "SELECT sum(samples) FROM run_sample_counts") == 660)
        #expect(try store.summaries(runs[1]).isEmpty && store.prunedAt(runs[1]) == nil)
        #expect(try Self.count(store, "SELECT count(*) FROM run_summary_histograms h JOIN runs r ON r.id = h.run_id WHERE r.uuid = '\(runs[1].info.id)'") == 0)
        // Once the fault is gone the prune completes.
        try store.db.execute("DROP TRIGGER refuse")
        #expect(try store.prune(runs[1], nowNs: 2) == 660)
        #expect(try store.prunedRunIDs() == Set(runs.map(\.info.id)))
    }

    @Test func aRunningRunIsRefused() throws {
        let (store, runs) = try Self.database(startsNs: [Self.originNs])
        try store.db.execute("UPDATE runs SET status = 'running'")
        let plan = try store.prunePlan(startedBefore: Self.originNs + Self.hourNs)
        #expect(plan.candidates.isEmpty && plan.running.map(\.info.id) == [runs[0].info.id])
        #expect(throws: StoreError.self) { try store.prune(runs[0], nowNs: 1) }
        #expect(try store.sampleCount(runs[0]) == 660 && store.prunedAt(runs[0]) == nil)
    }
}

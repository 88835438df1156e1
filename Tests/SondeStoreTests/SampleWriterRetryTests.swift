import Foundation
import Synchronization
import Testing
import SondeCore
@testable import SondeStore

/// The writer's handling of a commit that fails for a while (a busy lock, a restarting server):
/// the batch is kept and sent again, also at the very end of a run, and a heartbeat that fails
/// after a batch committed does not send the batch twice.
@Suite struct SampleWriterRetryTests {
    /// Fails the first `failures` commits transiently (and every heartbeat when told), then stores.
    final class FlakyCommitter: BatchCommitter, @unchecked Sendable {
        // @unchecked: touched by the writer under its committer lock, read by the test after finish().
        var failures: Int
        var failBeats: Bool
        var stored: [Sample] = []
        var commits = 0

        init(failures: Int, failBeats: Bool = false) {
            self.failures = failures
            self.failBeats = failBeats
        }

        func commit(_ batch: [Sample], intervals: [LoadInterval], records: [LLMRequestRecord]) throws(StoreError) {
            commits += 1
            if failures > 0 {
                failures -= 1
                throw StoreError(kind: .unreachable, path: "flaky", message: "server restarting", transient: true)
            }
            stored += batch
        }

        func beat(nowNs: Int64) throws(StoreError) {
            if failBeats { throw StoreError(kind: .unreachable, path: "flaky", message: "no heartbeat", transient: true) }
        }
    }

    static func sample(_ sequence: Int64) -> Sample {
        Sample(providerID: 1, probe: .latency, sequence: sequence, intendedNs: sequence, startedNs: sequence, totalUs: 5)
    }

    @Test func aBatchFailingAtTheEndOfARunIsSentAgainNotDropped() throws {
        let committer = FlakyCommitter(failures: 3)
        // Whether the flush thread or finish() makes the attempts, the failures come first and the
        // queued samples travel as one batch: three failed commits, then one that stores all.
        let writer = SampleWriter(committer: committer, flushInterval: .milliseconds(50))
        for sequence in 0..<50 { writer.record(Self.sample(Int64(sequence))) }
        #expect(try writer.finish() == 50)
        #expect(committer.stored.map(\.sequence) == Array(0..<50))
        #expect(committer.commits == 4)
    }

    @Test func aFailingHeartbeatDoesNotSendACommittedBatchTwice() throws {
        let committer = FlakyCommitter(failures: 0, failBeats: true)
        let writer = SampleWriter(committer: committer, flushInterval: .milliseconds(10))
        for sequence in 0..<20 { writer.record(Self.sample(Int64(sequence))) }
        Thread.sleep(forTimeInterval: 0.2)
        for sequence in 20..<40 { writer.record(Self.sample(Int64(sequence))) }
        #expect(try writer.finish() == 40)
        #expect(committer.stored.map(\.sequence) == Array(0..<40), "every sample once")
        #expect(writer.failure == nil)
    }
}

import Foundation
import SondeCore
#if canImport(Glibc)
import CEpoll
#endif

/// The event loop behind `LatencyProbe`: keeps every provider's open-loop schedule, counts and
/// samples; an engine (`LoadTransport`) moves the bytes. Confined to one thread.
///
/// Each provider has at most `maxInFlight` attempts in flight (256 unless a test lowers it). A
/// provider that answers within its timeout reaches that cap only when `timeout / interval`
/// exceeds it (e.g. 5 s at a 20 ms interval). The cap is there because a loop that fell behind
/// once launched every overdue attempt at the same moment, each with its own handle and
/// connection, and grew to 878 MB at a 200 µs interval. An attempt over the cap waits for one to
/// finish and is sent late; its stored `started_ns` shows how late, as for any late send.
///
/// The schedule counts from the probe's own start, not the run's: setting up the store and the
/// writer takes tens of milliseconds, which at a 200 µs interval would make hundreds of attempts
/// due at once before the first is sent. `maxDuration` still counts from the run's start.
final class LatencyLoop {
    let timeBase: TimeBase
    let sink: any SampleSink
    let progress: RunProgress
    let stop: StopSignal
    let transport: any LoadTransport
    let maxInFlight: Int
    /// Attempts started per target.
    private var started: [Int]
    private var finished: [Bool]
    /// Attempts in flight per target.
    private var inFlight: [Int]
    private var totalInFlight = 0
    // The schedule in plain nanoseconds: `Duration` arithmetic (128-bit, generic multiplication)
    // and copies of `LatencyPlan.Target` (strings, header arrays) showed in the loop's profile at
    // 20,000 attempts a second.
    /// Per target: its first intended send after the probe's start, and its interval.
    private let offsetsNs: [Int64]
    private let intervalsNs: [Int64]
    private let samples: [Int]
    private let firstSequences: [Int64]
    /// `maxDuration` in nanoseconds since the run's start.
    private let limitNs: Int64?
    /// When this probe started, in nanoseconds since the run's start: intended times count from here.
    private var originNs: Int64 = 0

    init(plan: LatencyPlan, timeBase: TimeBase, sink: any SampleSink, progress: RunProgress, stop: StopSignal,
         transport: any LoadTransport, maxInFlight: Int) {
        self.timeBase = timeBase
        self.sink = sink
        self.progress = progress
        self.stop = stop
        self.transport = transport
        self.maxInFlight = max(1, maxInFlight)
        started = Array(repeating: 0, count: plan.targets.count)
        finished = plan.targets.map { $0.samples <= 0 }
        inFlight = Array(repeating: 0, count: plan.targets.count)
        offsetsNs = plan.targets.map { $0.offset.nanoseconds }
        intervalsNs = plan.targets.map { $0.interval.nanoseconds }
        samples = plan.targets.map(\.samples)
        firstSequences = plan.targets.map(\.firstSequence)
        limitNs = plan.maxDuration?.nanoseconds
    }

    func run() -> ProbeOutcome.Ending {
        #if canImport(Glibc)
        // This thread is the probe's own: let the kernel end its timed waits on time rather than
        // up to 50 µs late to batch wake-ups (a quarter of the 200 µs interval it may keep).
        _ = sonde_set_timer_slack_ns(1)
        #endif
        originNs = elapsedNs()
        var stopped = false
        while true {
            if stop.isStopped && !stopped {
                stopped = true
                for index in finished.indices { finished[index] = true }
            }
            launchDue(now: elapsedNs())
            if totalInFlight == 0 && finished.allSatisfy({ $0 }) { break }
            // Every pass ends here, collecting the answers that arrived before it returns: the next
            // launch finds their connections free (an attempt launched while a finished one is
            // still uncollected would open another connection), with no extra poll per send.
            transport.perform(waitNs: nextWaitNs(now: elapsedNs())) { lane, sample in
                collect(lane: lane, sample: sample)
            }
        }
        return stopped ? .interrupted : .complete
    }

    /// Nanoseconds since the run's start.
    private func elapsedNs() -> Int64 { timeBase.elapsed().nanoseconds }

    /// Whether provider `index` may start another attempt now.
    private func mayStart(_ index: Int) -> Bool {
        !finished[index] && inFlight[index] < maxInFlight && transport.hasIdle(index)
    }

    /// The intended send of provider `index`'s next attempt, in nanoseconds since the run's start.
    private func nextIntendedNs(_ index: Int) -> Int64 {
        originNs + offsetsNs[index] + intervalsNs[index] * Int64(started[index])
    }

    /// The earliest intended send of a provider that may start one; 0 when one is past
    /// `maxDuration` (it must be marked finished), 100 ms from `now` at the latest.
    private func nextDueNs(now: Int64) -> Int64 {
        var next = now + 100_000_000
        for index in started.indices where mayStart(index) {
            let due = nextIntendedNs(index)
            if let limitNs, due >= limitNs { return 0 }
            next = min(next, due)
        }
        return next
    }

    /// Starts every attempt whose intended time has come, while its provider is under the cap.
    private func launchDue(now: Int64) {
        for index in started.indices {
            while mayStart(index) {
                let due = nextIntendedNs(index)
                if let limitNs, due >= limitNs {
                    finished[index] = true
                    break
                }
                guard due <= now else { break }
                let sequence = firstSequences[index] + Int64(started[index])
                inFlight[index] += 1
                totalInFlight += 1
                started[index] += 1
                if started[index] >= samples[index] { finished[index] = true }
                transport.start(lane: index, sequence: sequence, intendedNs: timeBase.epochNs + due,
                                startedNs: timeBase.nowNs())
            }
        }
    }

    private func collect(lane: Int, sample: Sample) {
        inFlight[lane] -= 1
        totalInFlight -= 1
        progress.recordAttempt(target: lane, failed: !sample.succeeded)
        sink.record(sample)
    }

    /// Nanoseconds until the next intended send of a provider under its cap (at most 100 ms, so a
    /// stop request is noticed promptly).
    private func nextWaitNs(now: Int64) -> Int64 {
        max(0, nextDueNs(now: now) - now)
    }
}

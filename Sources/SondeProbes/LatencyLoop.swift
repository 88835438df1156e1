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
    let plan: LatencyPlan
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
    /// When this probe started, as time since the run's start: intended times count from here.
    private var origin: Duration = .zero

    init(plan: LatencyPlan, timeBase: TimeBase, sink: any SampleSink, progress: RunProgress, stop: StopSignal,
         transport: any LoadTransport, maxInFlight: Int) {
        self.plan = plan
        self.timeBase = timeBase
        self.sink = sink
        self.progress = progress
        self.stop = stop
        self.transport = transport
        self.maxInFlight = max(1, maxInFlight)
        started = Array(repeating: 0, count: plan.targets.count)
        finished = plan.targets.map { $0.samples <= 0 }
        inFlight = Array(repeating: 0, count: plan.targets.count)
    }

    func run() -> ProbeOutcome.Ending {
        #if canImport(Glibc)
        // This thread is the probe's own: let the kernel end its timed waits on time rather than
        // up to 50 µs late to batch wake-ups (a quarter of the 200 µs interval it may keep).
        _ = sonde_set_timer_slack_ns(1)
        #endif
        origin = timeBase.elapsed()
        var stopped = false
        while true {
            if stop.isStopped && !stopped {
                stopped = true
                for index in finished.indices { finished[index] = true }
            }
            // Answers first when a send is due: a finished attempt not yet collected still holds
            // its connection, and an attempt launched before collecting it would open another.
            if nextDue() <= timeBase.elapsed() {
                transport.perform(waitNs: 0) { lane, sample in collect(lane: lane, sample: sample) }
            }
            launchDue(now: timeBase.elapsed())
            if totalInFlight == 0 && finished.allSatisfy({ $0 }) { break }
            transport.perform(waitNs: nextWaitNs(now: timeBase.elapsed())) { lane, sample in
                collect(lane: lane, sample: sample)
            }
        }
        return stopped ? .interrupted : .complete
    }

    /// Whether provider `index` may start another attempt now.
    private func mayStart(_ index: Int) -> Bool {
        !finished[index] && inFlight[index] < maxInFlight && transport.hasIdle(index)
    }

    /// The earliest intended send (since the run's start) of a provider that may start one;
    /// `.zero` when one is past `maxDuration` (it must be marked finished), a far time when none.
    private func nextDue() -> Duration {
        var next = Duration.seconds(86_400 * 365)
        for (index, target) in plan.targets.enumerated() where mayStart(index) {
            let due = origin + target.intendedOffset(ofAttempt: started[index])
            if let limit = plan.maxDuration, due >= limit { return .zero }
            next = min(next, due)
        }
        return next
    }

    /// Starts every attempt whose intended time has come, while its provider is under the cap.
    private func launchDue(now: Duration) {
        for (index, target) in plan.targets.enumerated() {
            while mayStart(index) {
                let due = origin + target.intendedOffset(ofAttempt: started[index])
                if let limit = plan.maxDuration, due >= limit {
                    finished[index] = true
                    break
                }
                guard due <= now else { break }
                let sequence = target.firstSequence + Int64(started[index])
                inFlight[index] += 1
                totalInFlight += 1
                started[index] += 1
                if started[index] >= target.samples { finished[index] = true }
                transport.start(lane: index, sequence: sequence, intendedNs: timeBase.epochNs + due.nanoseconds,
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
    private func nextWaitNs(now: Duration) -> Int64 {
        max(0, min(Duration.milliseconds(100), nextDue() - now).nanoseconds)
    }
}

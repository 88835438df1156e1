import CCurl
import Foundation
import SondeCore

/// The HTTP latency probe: every provider on its own open-loop schedule, all driven by one
/// libcurl multi handle on a dedicated thread, so that a slow or stalled provider never delays
/// another's intended send times and no Swift concurrency thread ever blocks on the network.
///
/// Each attempt is started at (or as soon as possible after) its intended send time; both times
/// are recorded. Concurrency is not capped: a cap would queue attempts behind slow ones and hide
/// that wait inside "latency" (coordinated omission).
///
/// The heartbeat (`probes.availability`) is this probe with an availability plan: its samples
/// are stored as `availability` and its outcome names each provider's failed heartbeats.
public struct LatencyProbe: Probe {
    public let plan: LatencyPlan
    /// Attempts one provider may have in flight (see `MultiLoop`); tests lower it.
    var maxInFlight = 256
    /// The header that carries each attempt's intended send time, when one is sent
    /// (`SONDE_INTENDED_HEADER`; tests set it directly).
    var intendedHeader: String? = IntendedHeader.name()

    public init(plan: LatencyPlan) {
        self.plan = plan
    }

    /// `latency`, or `availability` for heartbeats.
    public var kind: ProbeKind { plan.probe }

    /// Counts per provider, each planned to its sample count.
    public func makeProgress() -> RunProgress { RunProgress(targets: plan.targets) }

    /// Runs the plan, sending every sample to the context's sink. Returns when all attempts
    /// have finished.
    public func run(_ context: ProbeContext) async -> ProbeOutcome {
        let (plan, maxInFlight, intendedHeader) = (self.plan, self.maxInFlight, self.intendedHeader)
        let ending = await Curl.onOwnThread(named: "sonde-\(plan.probe.rawValue)-probe") {
            MultiLoop(plan: plan, timeBase: context.timeBase, sink: context.sink, progress: context.progress,
                      stop: context.stop, maxInFlight: maxInFlight, intendedHeader: intendedHeader).run()
        }
        guard plan.probe == .availability else { return ProbeOutcome(ending) }
        return ProbeOutcome(ending, summary: context.progress.snapshot().map {
            "availability \($0.name): \($0.attempts - $0.errors) ok, \($0.errors) failed heartbeats"
        })
    }
}

extension LatencyPlan: ProbeMaking {
    /// A `LatencyProbe` (heartbeats too).
    public func makeProbe() -> any Probe { LatencyProbe(plan: self) }
}

/// The event loop behind `LatencyProbe`; confined to one thread.
///
/// Each provider keeps a pool of easy handles, reused attempt after attempt, and at most
/// `maxInFlight` attempts in flight (256 unless a test lowers it). A provider that answers within
/// its timeout reaches that cap only when `timeout / interval` exceeds it (e.g. 5 s at a 20 ms
/// interval). The cap is there because a loop that fell behind once launched every overdue attempt
/// at the same moment, each with its own handle and connection, and grew to 878 MB at a 200 µs
/// interval. An attempt over the cap waits for one to finish and is sent late; its stored
/// `started_ns` shows how late, as for any late send.
///
/// The schedule counts from the probe's own start, not the run's: setting up the store and the
/// writer takes tens of milliseconds, which at a 200 µs interval would make hundreds of attempts
/// due at once before the first is sent. `maxDuration` still counts from the run's start.
///
/// Between events it sleeps in `curl_multi_poll` with a timer descriptor armed for the next
/// intended send, so that it wakes on time to the microsecond rather than to libcurl's
/// millisecond, and neither spins nor ignores answers while it waits.
private final class MultiLoop {
    let plan: LatencyPlan
    let timeBase: TimeBase
    let sink: any SampleSink
    let progress: RunProgress
    let stop: StopSignal
    let multi: UnsafeMutableRawPointer
    /// Attempts started per target.
    var started: [Int]
    var finished: [Bool]
    /// Attempts in flight per target.
    var inFlight: [Int]
    var totalInFlight = 0
    /// Per target, handles free for the next attempt.
    var idle: [[CurlTransfer]]
    let maxInFlight: Int
    let intendedHeader: String?
    let timer = WakeTimer()
    /// When this probe started, as time since the run's start: intended times count from here.
    var origin: Duration = .zero
    /// The time (since the run's start) the timer is armed for, until it fires.
    var armedDeadline: Duration?

    init(plan: LatencyPlan, timeBase: TimeBase, sink: any SampleSink, progress: RunProgress, stop: StopSignal,
         maxInFlight: Int, intendedHeader: String?) {
        precondition(Curl.initialized, "libcurl failed to initialise")
        self.plan = plan
        self.timeBase = timeBase
        self.sink = sink
        self.progress = progress
        self.stop = stop
        self.multi = curl_multi_init()
        self.started = Array(repeating: 0, count: plan.targets.count)
        self.finished = plan.targets.map { $0.samples <= 0 }
        self.inFlight = Array(repeating: 0, count: plan.targets.count)
        self.idle = Array(repeating: [], count: plan.targets.count)
        self.maxInFlight = max(1, maxInFlight)
        self.intendedHeader = intendedHeader
    }

    deinit { curl_multi_cleanup(multi) }

    func run() -> ProbeOutcome.Ending {
        origin = timeBase.elapsed()
        var stopped = false
        while true {
            if stop.isStopped && !stopped {
                stopped = true
                for index in finished.indices { finished[index] = true }
            }
            // Answers first: a transfer that finished but is not yet collected still holds its
            // connection, and an attempt launched before collecting it would open another.
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished()
            if launchDue(now: timeBase.elapsed()) > 0 {
                curl_multi_perform(multi, &running)
                collectFinished()
            }
            if totalInFlight == 0 && finished.allSatisfy({ $0 }) { break }
            wait(nextWaitNs(now: timeBase.elapsed()))
        }
        return stopped ? .interrupted : .complete
    }

    /// Starts every attempt whose intended time has come, while its provider is under the cap;
    /// returns how many it started.
    private func launchDue(now: Duration) -> Int {
        var launched = 0
        for (index, target) in plan.targets.enumerated() where !finished[index] {
            while !finished[index] && inFlight[index] < maxInFlight {
                let due = origin + target.intendedOffset(ofAttempt: started[index])
                if let limit = plan.maxDuration, due >= limit {
                    finished[index] = true
                    break
                }
                guard due <= now else { break }
                launch(target: target, index: index, intended: due)
                launched += 1
                started[index] += 1
                if started[index] >= target.samples { finished[index] = true }
            }
        }
        return launched
    }

    private func launch(target: LatencyPlan.Target, index: Int, intended: Duration) {
        let sequence = target.firstSequence + Int64(started[index])
        let intendedNs = timeBase.epochNs + intended.nanoseconds
        guard let transfer = idle[index].popLast()
                ?? CurlTransfer(target: target, targetIndex: index, intendedHeader: intendedHeader) else {
            record(Sample(providerID: target.providerID, probe: plan.probe, sequence: sequence, intendedNs: intendedNs,
                          startedNs: timeBase.nowNs(), errorClass: .other), target: index)
            return
        }
        transfer.prepare(sequence: sequence, intendedNs: intendedNs)
        _ = sonde_easy_setopt_pointer(transfer.handle, CURLOPT_PRIVATE, Unmanaged.passRetained(transfer).toOpaque())
        transfer.startedNs = timeBase.nowNs()
        curl_multi_add_handle(multi, transfer.handle)
        inFlight[index] += 1
        totalInFlight += 1
    }

    private func collectFinished() {
        Curl.forEachFinished(multi) { _, context, result in
            guard let context else { return }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeRetainedValue()
            let index = transfer.targetIndex
            inFlight[index] -= 1
            totalInFlight -= 1
            let target = plan.targets[index]
            record(transfer.sample(providerID: target.providerID, probe: plan.probe, result: result), target: index)
            idle[index].append(transfer)
        }
    }

    private func record(_ sample: Sample, target: Int) {
        progress.recordAttempt(target: target, failed: !sample.succeeded)
        sink.record(sample)
    }

    /// Nanoseconds until the next intended send of a provider under its cap (at most 100 ms, so a
    /// stop request is noticed promptly).
    private func nextWaitNs(now: Duration) -> Int64 {
        var wait = Duration.milliseconds(100)
        for (index, target) in plan.targets.enumerated() where !finished[index] && inFlight[index] < maxInFlight {
            wait = min(wait, origin + target.intendedOffset(ofAttempt: started[index]) - now)
        }
        return wait.nanoseconds
    }

    /// Waits for network activity, libcurl's own timeouts, or `nanoseconds`, whichever is first.
    private func wait(_ nanoseconds: Int64) {
        guard nanoseconds > 0 else { return }
        // libcurl's poll counts whole milliseconds; the timer wakes it at the microsecond.
        let milliseconds = Int32(min(100, (nanoseconds + 999_999) / 1_000_000))
        // Answers wake the loop more often than sends fall due: arm the timer only for a new
        // deadline (arming is a hrtimer update with interrupts off, a tenth of the loop's CPU
        // when done on every wake at 20,000 attempts a second).
        let deadline = timeBase.elapsed() + .nanoseconds(nanoseconds)
        if armedDeadline.map({ abs(($0 - deadline).nanoseconds) > 2_000 }) ?? true {
            guard timer.arm(nanoseconds: nanoseconds) else {
                curl_multi_poll(multi, nil, 0, Int32(nanoseconds / 1_000_000), nil)
                return
            }
            armedDeadline = deadline
        }
        var extra = curl_waitfd(fd: timer.descriptor, events: Int16(POLLIN), revents: 0)
        curl_multi_poll(multi, &extra, 1, milliseconds, nil)
        if extra.revents & Int16(POLLIN) != 0 {
            // Fired: the descriptor stays readable until armed again.
            armedDeadline = nil
        }
    }
}

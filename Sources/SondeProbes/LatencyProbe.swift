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
        let plan = self.plan
        let ending = await Curl.onOwnThread(named: "sonde-\(plan.probe.rawValue)-probe") {
            MultiLoop(plan: plan, timeBase: context.timeBase, sink: context.sink, progress: context.progress,
                      stop: context.stop).run()
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
    var inFlight = 0

    init(plan: LatencyPlan, timeBase: TimeBase, sink: any SampleSink, progress: RunProgress, stop: StopSignal) {
        precondition(Curl.initialized, "libcurl failed to initialise")
        self.plan = plan
        self.timeBase = timeBase
        self.sink = sink
        self.progress = progress
        self.stop = stop
        self.multi = curl_multi_init()
        self.started = Array(repeating: 0, count: plan.targets.count)
        self.finished = plan.targets.map { $0.samples <= 0 }
    }

    deinit { curl_multi_cleanup(multi) }

    func run() -> ProbeOutcome.Ending {
        var stopped = false
        while true {
            if stop.isStopped && !stopped {
                stopped = true
                for index in finished.indices { finished[index] = true }
            }
            let now = timeBase.elapsed()
            launchDue(now: now)
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished()
            if inFlight == 0 && finished.allSatisfy({ $0 }) { break }
            let wait = nextWait(now: timeBase.elapsed())
            curl_multi_poll(multi, nil, 0, Int32(wait), nil)
        }
        return stopped ? .interrupted : .complete
    }

    /// Starts every attempt whose intended time has come.
    private func launchDue(now: Duration) {
        for (index, target) in plan.targets.enumerated() where !finished[index] {
            while !finished[index] {
                let due = target.intendedOffset(ofAttempt: started[index])
                if let limit = plan.maxDuration, due >= limit {
                    finished[index] = true
                    break
                }
                guard due <= now else { break }
                launch(target: target, index: index, intended: due)
                started[index] += 1
                if started[index] >= target.samples { finished[index] = true }
            }
        }
    }

    private func launch(target: LatencyPlan.Target, index: Int, intended: Duration) {
        let sequence = target.firstSequence + Int64(started[index])
        let intendedNs = timeBase.epochNs + intended.nanoseconds
        guard let transfer = CurlTransfer(target: target, targetIndex: index, sequence: sequence, intendedNs: intendedNs) else {
            record(Sample(providerID: target.providerID, probe: plan.probe, sequence: sequence, intendedNs: intendedNs,
                          startedNs: timeBase.nowNs(), errorClass: .other), target: index)
            return
        }
        let retained = Unmanaged.passRetained(transfer).toOpaque()
        _ = sonde_easy_setopt_pointer(transfer.handle, CURLOPT_PRIVATE, retained)
        transfer.startedNs = timeBase.nowNs()
        curl_multi_add_handle(multi, transfer.handle)
        inFlight += 1
    }

    private func collectFinished() {
        Curl.forEachFinished(multi) { _, context, result in
            inFlight -= 1
            guard let context else { return }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeRetainedValue()
            let target = plan.targets[transfer.targetIndex]
            record(transfer.sample(providerID: target.providerID, probe: plan.probe, result: result), target: transfer.targetIndex)
        }
    }

    private func record(_ sample: Sample, target: Int) {
        progress.recordAttempt(target: target, failed: !sample.succeeded)
        sink.record(sample)
    }

    /// Milliseconds to wait for network activity before the next intended send (at most 100 ms,
    /// so a stop request is noticed promptly). Rounded down: under a millisecond the loop spins
    /// rather than send late.
    private func nextWait(now: Duration) -> Int {
        var wait = Duration.milliseconds(100)
        for (index, target) in plan.targets.enumerated() where !finished[index] {
            wait = min(wait, target.intendedOffset(ofAttempt: started[index]) - now)
        }
        return max(0, Int(wait.nanoseconds / 1_000_000))
    }
}

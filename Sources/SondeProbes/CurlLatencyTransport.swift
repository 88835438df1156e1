import CCurl
import Foundation
import SondeCore

/// The libcurl engine of the latency probe (`LatencyLoop`): HTTPS, fresh connections, proxies,
/// and any URL the native engine does not speak. Every provider (lane) keeps a pool of easy
/// handles, reused attempt after attempt, on one multi handle; a lane's pool grows when all its
/// handles are busy, so `hasIdle` is always true and the loop keeps the in-flight cap.
///
/// Between events it sleeps in `curl_multi_poll` with a timer descriptor armed for the next
/// intended send, so that it wakes on time to the microsecond rather than to libcurl's
/// millisecond, and neither spins nor ignores answers while it waits. Confined to the probe's
/// thread.
final class CurlLatencyTransport: LoadTransport {
    private let targets: [LatencyPlan.Target]
    private let probe: ProbeKind
    private let intendedHeader: String?
    private let multi: UnsafeMutableRawPointer
    /// Per lane, handles free for the next attempt.
    private var idle: [[CurlTransfer]]
    /// Attempts whose handle could not be made, reported by the next `perform`.
    private var failedStarts: [(lane: Int, sample: Sample)] = []
    private let timer = WakeTimer()
    /// The monotonic time the timer is armed for, until it fires.
    private var armedDeadline: ContinuousClock.Instant?

    init(targets: [LatencyPlan.Target], probe: ProbeKind, intendedHeader: String?) {
        precondition(Curl.initialized, "libcurl failed to initialise")
        self.targets = targets
        self.probe = probe
        self.intendedHeader = intendedHeader
        multi = curl_multi_init()
        idle = Array(repeating: [], count: targets.count)
    }

    deinit { curl_multi_cleanup(multi) }

    func hasIdle(_ lane: Int) -> Bool { true }

    func start(lane: Int, sequence: Int64, intendedNs: Int64, startedNs: Int64) {
        let target = targets[lane]
        guard let transfer = idle[lane].popLast()
                ?? CurlTransfer(target: target, targetIndex: lane, intendedHeader: intendedHeader) else {
            failedStarts.append((lane, Sample(providerID: target.providerID, probe: probe, sequence: sequence,
                                              intendedNs: intendedNs, startedNs: startedNs, errorClass: .other)))
            return
        }
        transfer.prepare(sequence: sequence, intendedNs: intendedNs)
        transfer.startedNs = startedNs
        _ = sonde_easy_setopt_pointer(transfer.handle, CURLOPT_PRIVATE, Unmanaged.passRetained(transfer).toOpaque())
        curl_multi_add_handle(multi, transfer.handle)
    }

    /// Lets libcurl move bytes (sending what `start` added) and reports what finished; when
    /// nothing did, waits up to `waitNs` and does it once more.
    func perform(waitNs: Int64, _ finished: (_ lane: Int, _ sample: Sample) -> Void) {
        if drain(finished) > 0 || waitNs <= 0 { return }
        wait(waitNs)
        _ = drain(finished)
    }

    private func drain(_ finished: (_ lane: Int, _ sample: Sample) -> Void) -> Int {
        var running: Int32 = 0
        curl_multi_perform(multi, &running)
        var count = failedStarts.count
        while let failed = failedStarts.popLast() { finished(failed.lane, failed.sample) }
        Curl.forEachFinished(multi) { _, context, result in
            guard let context else { return }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeRetainedValue()
            let lane = transfer.targetIndex
            idle[lane].append(transfer)
            count += 1
            finished(lane, transfer.sample(providerID: targets[lane].providerID, probe: probe, result: result))
        }
        return count
    }

    /// Waits for network activity, libcurl's own timeouts, or `nanoseconds`, whichever is first.
    private func wait(_ nanoseconds: Int64) {
        // libcurl's poll counts whole milliseconds; the timer wakes it at the microsecond.
        let milliseconds = Int32(min(100, (nanoseconds + 999_999) / 1_000_000))
        // Answers wake the loop more often than sends fall due: arm the timer only for a new
        // deadline (arming is a hrtimer update with interrupts off, a tenth of the loop's CPU
        // when done on every wake at 20,000 attempts a second).
        let deadline = ContinuousClock.now + .nanoseconds(nanoseconds)
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

import CCurl
import Foundation
import SondeCore

/// The bandwidth probe: per provider, `repeats` downloads of a sized object and, when planned,
/// `repeats` uploads of a generated body, one transfer at a time per provider and every
/// provider at once, all on one libcurl multi handle on a dedicated thread. A provider that
/// stalls holds only its own transfers (each bounded by the timeout).
///
/// Samples: probe `bandwidth`, downloads at sequence `0..<repeats`, uploads at
/// `repeats..<2*repeats` with `uploadBytes` set; `intendedNs == startedNs` (no schedule).
public struct BandwidthProbe: Probe {
    public let plan: BandwidthPlan
    /// Per provider id, the transfers already stored by an earlier part of the run (`sonde run
    /// --resume`): the provider continues at that sequence number. Transfers run one at a time
    /// per provider in sequence order, so what is stored is always a prefix.
    public let done: [Int64: Int]

    public init(plan: BandwidthPlan, done: [Int64: Int] = [:]) {
        self.plan = plan
        self.done = done
    }

    /// `bandwidth`.
    public var kind: ProbeKind { .bandwidth }

    /// Counts per provider: every download and upload.
    public func makeProgress() -> RunProgress {
        RunProgress(names: plan.targets.map(\.target.name), planned: plan.repeats * (plan.uploadBytes == nil ? 1 : 2))
    }

    /// Runs the plan; ends `.interrupted` when the stop signal ended it early.
    public func run(_ context: ProbeContext) async -> ProbeOutcome {
        let plan = self.plan
        let done = self.done
        return ProbeOutcome(await Curl.onOwnThread(named: "sonde-bandwidth-probe") {
            BandwidthLoop(plan: plan, done: done, timeBase: context.timeBase, sink: context.sink, progress: context.progress,
                          stop: context.stop).run()
        })
    }
}

extension BandwidthPlan: ProbeMaking {
    /// A `BandwidthProbe`.
    public func makeProbe() -> any Probe { BandwidthProbe(plan: self) }
}

/// The event loop behind `BandwidthProbe`; confined to one thread.
private final class BandwidthLoop {
    let plan: BandwidthPlan
    let timeBase: TimeBase
    let sink: any SampleSink
    let progress: RunProgress
    let stop: StopSignal
    let multi: UnsafeMutableRawPointer
    /// Transfers started per target.
    var started: [Int]
    var active: [CurlRequest?]
    /// The generated upload body, shared by every upload (libcurl reads it in place).
    let body: UnsafeMutableRawBufferPointer?

    init(plan: BandwidthPlan, done: [Int64: Int], timeBase: TimeBase, sink: any SampleSink, progress: RunProgress, stop: StopSignal) {
        precondition(Curl.initialized, "libcurl failed to initialise")
        self.plan = plan
        self.timeBase = timeBase
        self.sink = sink
        self.progress = progress
        self.stop = stop
        multi = curl_multi_init()
        started = plan.targets.map { done[$0.target.providerID] ?? 0 }
        active = Array(repeating: nil, count: plan.targets.count)
        if let size = plan.uploadBytes {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(size), alignment: 16)
            // Not zeros: a compressing middlebox would otherwise flatter the upload.
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            for index in 0..<Int(size) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                buffer[index] = UInt8(truncatingIfNeeded: state >> 56)
            }
            body = buffer
        } else {
            body = nil
        }
    }

    deinit {
        curl_multi_cleanup(multi)
        body?.deallocate()
    }

    var transfersPerTarget: Int { plan.repeats * (plan.uploadBytes == nil ? 1 : 2) }

    func run() -> ProbeOutcome.Ending {
        while true {
            let stopped = stop.isStopped
            if !stopped { startNext() }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished()
            if active.allSatisfy({ $0 == nil }) && (stopped || started.allSatisfy { $0 >= transfersPerTarget }) {
                return stopped ? .interrupted : .complete
            }
            curl_multi_poll(multi, nil, 0, 100, nil)
        }
    }

    /// Starts the next transfer of every provider that has none in flight.
    private func startNext() {
        for (index, target) in plan.targets.enumerated() where active[index] == nil && started[index] < transfersPerTarget {
            let k = started[index]
            let isUpload = k >= plan.repeats
            let url = isUpload ? target.uploadURL : target.target.url
            started[index] += 1
            let now = timeBase.nowNs()
            guard let request = CurlRequest(url: url, headers: target.target.headers, timeout: target.target.timeout,
                                            verifyTLS: target.target.verifyTLS, targetIndex: index) else {
                record(Sample(providerID: target.target.providerID, probe: .bandwidth, sequence: Int64(k),
                              intendedNs: now, startedNs: now, errorClass: .other), target: index, upload: isUpload)
                continue
            }
            // curl's own tool reads 100 KiB at a time: the same read size makes sonde's figure
            // comparable with `curl -w '%{speed_download}'` where the client is the bottleneck
            // (loopback), instead of faster or slower by its own buffer choice.
            _ = sonde_easy_setopt_long(request.handle, CURLOPT_BUFFERSIZE, 100 * 1024)
            if isUpload, let body, let size = plan.uploadBytes {
                request.upload(UnsafeRawPointer(body.baseAddress!), count: size)
            }
            request.sequence = Int64(k)
            request.intendedNs = now
            request.startedNs = now
            active[index] = request
            curl_multi_add_handle(multi, request.handle)
        }
    }

    private func collectFinished() {
        Curl.forEachFinished(multi) { _, context, result in
            guard let context else { return }
            let request = Unmanaged<CurlRequest>.fromOpaque(context).takeUnretainedValue()
            let target = plan.targets[request.targetIndex]
            let isUpload = request.sequence >= Int64(plan.repeats)
            record(request.sample(providerID: target.target.providerID, probe: .bandwidth, result: result),
                   target: request.targetIndex, upload: isUpload)
            active[request.targetIndex] = nil
        }
    }

    private func record(_ sample: Sample, target: Int, upload: Bool) {
        var sample = sample
        if upload { sample.uploadBytes = plan.uploadBytes }
        progress.recordAttempt(target: target, failed: !sample.succeeded)
        sink.record(sample)
    }
}

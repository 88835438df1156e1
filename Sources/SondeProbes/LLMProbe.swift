import CCurl
import Foundation
import SondeCore

/// The LLM probe: streaming completions against OpenAI-compatible servers, every provider at
/// once on one libcurl multi handle on a dedicated thread (no Swift concurrency thread ever
/// blocks on the network). Per provider, requests start either to keep `concurrency` in flight
/// (closed loop) or at the intended times of a constant or Poisson schedule at `rate` (open
/// loop, never capped, so a slow server cannot slow the arrivals), until `requests` have
/// started or `duration` has passed; those in flight then finish.
///
/// Every write-callback delivery is timestamped with the monotonic clock and fed to an
/// incremental SSE decoder; each request yields a `Sample` (probe `llm`, `ttfbUs` = time to
/// first token, `totalUs` = whole request) and an `LLMRequestRecord` with its token timings.
public struct LLMProbe: Probe {
    /// What a provider already did in an earlier part of the run (`sonde run --resume`).
    public struct Done: Sendable, Equatable {
        /// Requests already stored; the probe makes `requests − count` more.
        public var count: Int
        /// The sequence number of the first request this probe makes.
        public var nextSequence: Int64

        public init(count: Int, nextSequence: Int64) {
            self.count = count
            self.nextSequence = nextSequence
        }
    }

    public let plan: LLMPlan
    /// Per provider id, what is already stored; providers not named start from nothing.
    public let done: [Int64: Done]

    public init(plan: LLMPlan, done: [Int64: Done] = [:]) {
        self.plan = plan
        self.done = done
    }

    /// `llm`.
    public var kind: ProbeKind { .llm }

    /// Counts per provider, each planned to `requests`.
    public func makeProgress() -> RunProgress {
        RunProgress(names: plan.targets.map(\.name), planned: plan.settings.requests)
    }

    /// Runs the plan: samples go to the context's sink, per-request records to its `llmRecords`.
    public func run(_ context: ProbeContext) async -> ProbeOutcome {
        let plan = self.plan
        let done = self.done
        let records = context.llmRecords ?? DiscardedRecords()
        let ending = await Curl.onOwnThread(named: "sonde-llm-probe") {
            LLMLoop(plan: plan, done: done, timeBase: context.timeBase, sink: context.sink, records: records,
                    progress: context.progress, stop: context.stop).run()
        }
        return ProbeOutcome(ending, summary: context.progress.snapshot().map {
            "llm \($0.name): \($0.attempts - $0.errors) ok, \($0.errors) errors"
        })
    }
}

extension LLMPlan: ProbeMaking {
    /// An `LLMSweepProbe` when the settings ask for a sweep, else an `LLMProbe`.
    public func makeProbe() -> any Probe {
        if let sweep = settings.sweep { return LLMSweepProbe(plan: self, sweep: sweep) }
        return LLMProbe(plan: self)
    }
}

/// Where the records of an LLM probe run without a record sink go.
private struct DiscardedRecords: LLMRecordSink {
    func record(_ request: LLMRequestRecord) {}
}

/// The event loop behind `LLMProbe`; confined to one thread.
private final class LLMLoop {
    struct Lane {
        let target: RequestTarget
        var cursor: LoadSchedule.Cursor?
        /// Requests this lane makes (fewer than planned when resuming).
        var requests: Int
        /// The sequence number of its first request.
        var firstSequence: Int64
        var started = 0
        var inFlight = 0
        var finished = false
    }

    let plan: LLMPlan
    let timeBase: TimeBase
    let sink: any SampleSink
    let records: any LLMRecordSink
    let progress: RunProgress
    let stop: StopSignal
    let multi: UnsafeMutableRawPointer
    var lanes: [Lane] = []
    let durationNs: Int64
    /// When this probe started, in the run's time base: its duration and schedule count from
    /// here, not from the start of a run whose earlier probes took their own time.
    let originNs: Int64

    init(plan: LLMPlan, done: [Int64: LLMProbe.Done], timeBase: TimeBase, sink: any SampleSink, records: any LLMRecordSink, progress: RunProgress,
         stop: StopSignal) {
        precondition(Curl.initialized, "libcurl failed to initialise")
        self.plan = plan
        self.timeBase = timeBase
        self.sink = sink
        self.records = records
        self.progress = progress
        self.stop = stop
        multi = curl_multi_init()
        durationNs = plan.settings.duration.nanoseconds
        originNs = timeBase.elapsed().nanoseconds
        let count = plan.targets.count
        for (index, target) in plan.targets.enumerated() {
            var cursor: LoadSchedule.Cursor?
            if case let .rate(rate, process) = plan.settings.arrivals {
                // Offset by a share of one period so providers interleave; seeded per provider.
                cursor = LoadSchedule.Cursor(LoadSchedule(rate: rate, arrivals: process,
                                                          offsetNs: 1e9 / rate * Double(index) / Double(count),
                                                          seed: plan.settings.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
            }
            let already = done[target.providerID]
            lanes.append(Lane(target: target, cursor: cursor, requests: max(0, plan.settings.requests - (already?.count ?? 0)),
                              firstSequence: already?.nextSequence ?? 0))
        }
        if case let .concurrency(limit) = plan.settings.arrivals {
            _ = sonde_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, limit * count + 8)
        }
    }

    deinit { curl_multi_cleanup(multi) }

    func run() -> ProbeOutcome.Ending {
        var stopped = false
        while true {
            stopped = stopped || stop.isStopped
            let now = timeBase.elapsed().nanoseconds - originNs
            for index in lanes.indices where !lanes[index].finished {
                if stopped || now >= durationNs || lanes[index].started >= lanes[index].requests {
                    lanes[index].finished = true
                } else {
                    launchDue(lane: index, now: now)
                }
            }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished()
            if lanes.allSatisfy({ $0.finished && $0.inFlight == 0 }) { break }
            curl_multi_poll(multi, nil, 0, Int32(nextWait(now: timeBase.elapsed().nanoseconds - originNs)), nil)
        }
        return stopped ? .interrupted : .complete
    }

    private func launchDue(lane index: Int, now: Int64) {
        let settings = plan.settings
        while lanes[index].started < lanes[index].requests {
            let intended: Int64
            if lanes[index].cursor != nil {
                let next = lanes[index].cursor!.next
                guard next <= now, next < durationNs else { return }
                intended = next
                lanes[index].cursor!.advance()
            } else {
                guard case let .concurrency(limit) = settings.arrivals, lanes[index].inFlight < limit else { return }
                intended = now
            }
            launch(lane: index, intendedNs: timeBase.epochNs + originNs + intended)
        }
    }

    private func launch(lane index: Int, intendedNs: Int64) {
        let settings = plan.settings
        let target = lanes[index].target
        let sequence = lanes[index].firstSequence + Int64(lanes[index].started)
        lanes[index].started += 1
        let prompt = LLMRequestBody.prompt(tokens: settings.promptTokens, seed: settings.seed, sequence: sequence)
        let body = LLMRequestBody.json(api: settings.api, model: settings.model, prompt: prompt, maxTokens: settings.maxTokens)
        guard let transfer = LLMTransfer(target: target, api: settings.api, body: body, targetIndex: index,
                                         sequence: sequence, intendedNs: intendedNs) else {
            let sample = Sample(providerID: target.providerID, probe: .llm, sequence: sequence, intendedNs: intendedNs,
                                startedNs: timeBase.nowNs(), errorClass: .other)
            progress.recordAttempt(target: index, failed: true)
            sink.record(sample)
            return
        }
        _ = sonde_easy_setopt_pointer(transfer.handle, CURLOPT_PRIVATE, Unmanaged.passRetained(transfer).toOpaque())
        transfer.startedNs = timeBase.nowNs()
        transfer.start = ContinuousClock.now
        lanes[index].inFlight += 1
        curl_multi_add_handle(multi, transfer.handle)
    }

    private func collectFinished() {
        Curl.forEachFinished(multi) { _, context, result in
            guard let context else { return }
            let transfer = Unmanaged<LLMTransfer>.fromOpaque(context).takeRetainedValue()
            let index = transfer.targetIndex
            lanes[index].inFlight -= 1
            let (sample, record) = transfer.finish(providerID: lanes[index].target.providerID, result: result,
                                                   keepChunks: transfer.sequence < Int64(plan.settings.chunkCap))
            progress.recordAttempt(target: index, failed: !sample.succeeded)
            sink.record(sample)
            records.record(record)
        }
    }

    /// Milliseconds until the next intended send (at most 100, so a stop is noticed promptly;
    /// 0 under a millisecond, so sends are not late by rounding).
    private func nextWait(now: Int64) -> Int {
        var next = now + 100_000_000
        for lane in lanes where !lane.finished {
            if let cursor = lane.cursor {
                next = min(next, cursor.next)
            } else if case let .concurrency(limit) = plan.settings.arrivals, lane.inFlight < limit {
                return 0  // a slot just freed: start the next request now
            }
        }
        return max(0, min(100, Int((next - now) / 1_000_000)))
    }
}

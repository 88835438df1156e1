import CCurl
import Foundation
import SondeCore

/// One provider's capacity sweep (`LLMSweepSettings`) on one libcurl multi handle, confined to
/// the probe's thread: runs steps one after another and picks each next rate from the steps so
/// far, judged by the same `CapacityAnalysis` the report recomputes from the stored samples.
final class LLMSweepLoop {
    /// How a step starts requests.
    enum Mode: Equatable {
        /// Keep this many in flight (closed loop).
        case concurrency(Int)
        /// Constant arrivals at this many per second (open loop).
        case rate(Double)
    }

    /// A finished step: the analysis of its requests, whether it ended early, and when (from the
    /// step's start) it ended and the backlog first passed the overload bound.
    struct StepResult {
        var step: CapacityAnalysis.Step
        var mode: Mode
        var endedEarly: Bool
        var elapsedNs: Int64
        var backlogPassedNs: Int64?
    }

    let plan: LLMPlan
    let sweep: LLMSweepSettings
    let target: RequestTarget
    let targetIndex: Int
    let timeBase: TimeBase
    let sink: any SampleSink
    let records: any LLMRecordSink
    let progress: RunProgress
    let stop: StopSignal
    let multi: UnsafeMutableRawPointer
    /// Transfers in flight, by sequence (each also retained through `CURLOPT_PRIVATE`).
    private var inFlight: [Int64: LLMTransfer] = [:]
    private var stepSamples: [Sample] = []
    private var stepRecords: [LLMRequestRecord] = []

    init(plan: LLMPlan, sweep: LLMSweepSettings, targetIndex: Int, timeBase: TimeBase, sink: any SampleSink,
         records: any LLMRecordSink, progress: RunProgress, stop: StopSignal) {
        precondition(Curl.initialized, "libcurl failed to initialise")
        self.plan = plan
        self.sweep = sweep
        self.target = plan.targets[targetIndex]
        self.targetIndex = targetIndex
        self.timeBase = timeBase
        self.sink = sink
        self.records = records
        self.progress = progress
        self.stop = stop
        multi = curl_multi_init()
        _ = sonde_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, sweep.ceilingConcurrency + 8)
    }

    deinit { curl_multi_cleanup(multi) }

    /// The whole sweep: baseline, ceiling, a grid of rates up to 1.2 × the ceiling (stopping at
    /// the first failing rate), then bisection between the knee and the next failing rate until
    /// they are within `refine` of each other or `maxSteps` ran; `interrupted` when a stop came.
    func run() -> (steps: [StepResult], interrupted: Bool) {
        var results: [StepResult] = []
        func runStep(_ mode: Mode) -> Bool {
            guard !stop.isStopped, results.count < sweep.maxSteps else { return false }
            results.append(self.runStep(index: results.count, mode: mode))
            return !stop.isStopped
        }
        guard runStep(.concurrency(1)), runStep(.concurrency(sweep.ceilingConcurrency)) else {
            return (results, stop.isStopped)
        }
        let low = results[0].step.achievedRate, ceiling = results[1].step.achievedRate
        let high = 1.2 * max(low, ceiling)
        guard high > 0 else { return (results, false) }
        for k in 1...sweep.rates {
            let rate = low + (high - low) * Double(k) / Double(sweep.rates)
            guard runStep(.rate(rate)) else { return (results, stop.isStopped) }
            if !results.last!.step.passes(target: sweep.target) { break }
        }
        while results.count < sweep.maxSteps {
            let rated = results.map(\.step).filter { $0.kind == .rate }
            let knee = CapacityAnalysis.knee(rated, target: sweep.target)
            let next: Double
            if let knee, let upper = knee.upper {
                guard upper / knee.rate - 1 > sweep.refine else { break }
                next = (knee.rate + upper) / 2
            } else if let knee {
                next = knee.rate * 1.5  // every rate passed: look higher
            } else {
                // Nothing passed: halve the lowest failing rate (a floor keeps this finite).
                let lowest = rated.map(\.offeredRate).min() ?? high
                guard lowest > 0.01 else { break }
                next = lowest / 2
            }
            guard runStep(.rate(next)) else { break }
        }
        return (results, stop.isStopped)
    }

    /// Runs one step for at most `sweep.step`; a constant-rate step ends early under overload.
    func runStep(index: Int, mode: Mode) -> StepResult {
        stepSamples = []
        stepRecords = []
        let originNs = timeBase.elapsed().nanoseconds
        let durationNs = sweep.step.nanoseconds
        let overloadNs = sweep.overloadFor.nanoseconds
        var cursor: LoadSchedule.Cursor?
        if case let .rate(rate) = mode {
            cursor = LoadSchedule.Cursor(LoadSchedule(rate: rate, arrivals: .constant, offsetNs: 0,
                                                      seed: plan.settings.seed &+ UInt64(index)))
        }
        var sent = 0
        var launching = true
        var endedEarly = false
        var overSinceNs: Int64?
        var backlogPassedNs: Int64?
        while true {
            let now = timeBase.elapsed().nanoseconds - originNs
            if stop.isStopped || now >= durationNs || sent >= Int(LLMSweepSequence.stride) - 1 { launching = false }
            if launching {
                switch mode {
                case .concurrency(let limit):
                    while inFlight.count < limit {
                        let started = launch(step: index, index: sent, intendedNs: timeBase.epochNs + originNs + now)
                        sent += 1
                        if !started { break }  // no handle: try again on the next turn, not in a tight loop
                    }
                case .rate:
                    while let next = cursor?.next, next <= now, next < durationNs {
                        cursor!.advance()
                        _ = launch(step: index, index: sent, intendedNs: timeBase.epochNs + originNs + next)
                        sent += 1
                    }
                }
            }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished()
            if case .rate = mode, launching {
                // The backlog: requests sent that have no first token yet.
                let backlog = inFlight.values.reduce(0) { $0 + ($1.decoder.contentOffsetsUs.isEmpty ? 1 : 0) }
                if backlog > sweep.overloadBacklog {
                    if backlogPassedNs == nil { backlogPassedNs = now }
                    if overSinceNs == nil { overSinceNs = now }
                    if now - overSinceNs! >= overloadNs {
                        endedEarly = true
                        launching = false
                        abandonInFlight()
                    }
                } else {
                    overSinceNs = nil
                }
            }
            if !launching && inFlight.isEmpty { break }
            var wait = 100
            if launching {
                switch mode {
                case .concurrency: wait = 5
                case .rate: wait = Int(max(0, min(10, ((cursor?.next ?? now) - now) / 1_000_000)))
                }
            }
            curl_multi_poll(multi, nil, 0, Int32(wait), nil)
        }
        let step = CapacityAnalysis.step(index: index, samples: stepSamples, records: stepRecords,
                                         sloTTFT: plan.settings.sloTTFT, sloTPOT: plan.settings.sloTPOT)
        return StepResult(step: step, mode: mode, endedEarly: endedEarly,
                          elapsedNs: timeBase.elapsed().nanoseconds - originNs, backlogPassedNs: backlogPassedNs)
    }

    /// Starts one request; false when libcurl gave no handle (the attempt is stored as `other`).
    private func launch(step: Int, index: Int, intendedNs: Int64) -> Bool {
        let settings = plan.settings
        let sequence = LLMSweepSequence.sequence(step: step, index: index)
        let prompt = LLMRequestBody.prompt(tokens: settings.promptTokens, seed: settings.seed, sequence: sequence)
        let body = LLMRequestBody.json(api: settings.api, model: settings.model, prompt: prompt, maxTokens: settings.maxTokens)
        guard let transfer = LLMTransfer(target: target, api: settings.api, body: body, targetIndex: targetIndex,
                                         sequence: sequence, intendedNs: intendedNs) else {
            emit(Sample(providerID: target.providerID, probe: .llm, sequence: sequence, intendedNs: intendedNs,
                        startedNs: timeBase.nowNs(), errorClass: .other), nil)
            return false
        }
        _ = sonde_easy_setopt_pointer(transfer.handle, CURLOPT_PRIVATE, Unmanaged.passRetained(transfer).toOpaque())
        transfer.startedNs = timeBase.nowNs()
        transfer.start = ContinuousClock.now
        inFlight[sequence] = transfer
        curl_multi_add_handle(multi, transfer.handle)
        return true
    }

    private func collectFinished() {
        Curl.forEachFinished(multi) { _, context, result in
            guard let context else { return }
            let transfer = Unmanaged<LLMTransfer>.fromOpaque(context).takeRetainedValue()
            finish(transfer, result: result)
        }
    }

    /// Ends every request still in flight as a client-side `timeout`: the step gave up on them.
    private func abandonInFlight() {
        for transfer in Array(inFlight.values) {
            curl_multi_remove_handle(multi, transfer.handle)
            Unmanaged.passUnretained(transfer).release()  // the reference held through CURLOPT_PRIVATE
            finish(transfer, result: CURLE_OPERATION_TIMEDOUT)
        }
    }

    private func finish(_ transfer: LLMTransfer, result: CURLcode) {
        inFlight[transfer.sequence] = nil
        // `chunk_cap` counts per step here: every step keeps its first requests' token times.
        let keep = transfer.sequence % LLMSweepSequence.stride < Int64(plan.settings.chunkCap)
        var (sample, record) = transfer.finish(providerID: target.providerID, result: result, keepChunks: keep)
        if result == CURLE_OPERATION_TIMEDOUT { sample.errorClass = .timeout }
        emit(sample, record)
    }

    private func emit(_ sample: Sample, _ record: LLMRequestRecord?) {
        progress.recordAttempt(target: targetIndex, failed: !sample.succeeded)
        sink.record(sample)
        stepSamples.append(sample)
        if let record {
            records.record(record)
            stepRecords.append(record)
        }
    }
}

import Foundation
import SondeCore

/// The load probe: per provider, an open-loop stream of requests at a target rate (constant or
/// Poisson arrivals) over a pool of connections, every provider at once on one non-blocking
/// engine (`LoadTransport`: the native epoll HTTP/1.1 client or a libcurl multi handle, per
/// `probes.load.engine`) on a dedicated thread, so a slow answer never delays the next send and
/// a stalled provider holds only its own pool.
///
/// A request is due at its intended time and sent as soon as one of its provider's
/// connections is free; its latency is stored twice: from the actual send (`totalUs`, the engine's
/// total time) and from the intended send (`correctedUs`, coordinated-omission corrected as in
/// wrk2). Requests still queued when the duration ends are never sent and counted as unsent.
/// Rows are stored up to `storeCap` per provider; per-interval HDR histograms and counts cover
/// every request, so memory stays flat however long the run.
public struct LoadProbe: Probe {
    /// What a run did, per provider (the same numbers the stored intervals add up to).
    public struct Summary: Sendable {
        public var rows: [LoadAnalysis.Row]
        public var outcome: ProbeOutcome.Ending
    }

    public let plan: LoadPlan

    public init(plan: LoadPlan) {
        self.plan = plan
    }

    /// `load`.
    public var kind: ProbeKind { .load }

    /// Counts per provider; open-ended (the rate and duration decide how many).
    public func makeProgress() -> RunProgress { RunProgress(names: plan.targets.map(\.name), planned: 0) }

    /// Runs the plan; the outcome names each provider's achieved rate.
    public func run(_ context: ProbeContext) async -> ProbeOutcome {
        let summary = await summarised(context)
        return ProbeOutcome(summary.outcome, summary: summary.rows.map { row in
            let target = row.targetRate.map { String(format: "%.0f/s", $0) } ?? "max"
            return String(format: "load %@: %.0f req/s ok (target %@), %d sent, %d late, %d unsent, %d errors",
                          row.provider.name, row.achievedRate, target, row.sent, row.late, row.unsent, row.errorCount)
        })
    }

    /// Runs the plan and returns its per-provider figures; samples go to the context's sink,
    /// interval summaries to its `loadIntervals`.
    public func summarised(_ context: ProbeContext) async -> Summary {
        let plan = self.plan
        let intervals = context.loadIntervals ?? DiscardedIntervals()
        return await Curl.onOwnThread(named: "sonde-load-probe") {
            LoadLoop(plan: plan, timeBase: context.timeBase, sink: context.sink, intervalSink: intervals,
                     progress: context.progress, stop: context.stop).run()
        }
    }
}

extension LoadPlan: ProbeMaking {
    /// A `LoadProbe`.
    public func makeProbe() -> any Probe { LoadProbe(plan: self) }
}

/// Where the intervals of a load probe run without an interval sink go.
private struct DiscardedIntervals: LoadIntervalSink {
    func record(_ interval: LoadInterval) {}
}

/// The event loop behind `LoadProbe`; confined to one thread.
private final class LoadLoop {
    /// One provider's schedule, pool and running counts.
    struct Lane {
        let target: RequestTarget
        /// Counts arrivals as they fall due.
        var dueCursor: LoadSchedule.Cursor?
        /// Hands intended times to sends, `sent` arrivals behind nothing.
        var sendCursor: LoadSchedule.Cursor?
        var due = 0
        var sent = 0
        var stored = 0
        var inFlight = 0
        var interval: LoadInterval
        var total: LoadInterval
    }

    let plan: LoadPlan
    let timeBase: TimeBase
    let sink: any SampleSink
    let intervalSink: any LoadIntervalSink
    let progress: RunProgress
    let stop: StopSignal
    let transport: any LoadTransport
    var lanes: [Lane] = []
    let durationNs: Int64
    let intervalNs: Int64
    var intervalStartNs: Int64 = 0
    /// When this probe started, as time since the run's start: the schedule counts from here,
    /// not from the run's start (the latency and bandwidth probes may have run before).
    var originNs: Int64 = 0
    /// Time since this probe started.
    var elapsedNs: Int64 { timeBase.elapsed().nanoseconds - originNs }

    init(plan: LoadPlan, timeBase: TimeBase, sink: any SampleSink, intervalSink: any LoadIntervalSink,
         progress: RunProgress, stop: StopSignal) {
        self.plan = plan
        self.timeBase = timeBase
        self.sink = sink
        self.intervalSink = intervalSink
        self.progress = progress
        self.stop = stop
        let settings = plan.settings
        transport = LoadEngineChoice.transport(for: plan, environment: ProcessInfo.processInfo.environment)
        durationNs = settings.duration.nanoseconds
        intervalNs = settings.interval.nanoseconds
        let count = plan.targets.count
        for (index, target) in plan.targets.enumerated() {
            var cursor: LoadSchedule.Cursor?
            if let rate = settings.rate {
                // Providers' schedules are offset by a share of one period so they interleave.
                let schedule = LoadSchedule(rate: rate, arrivals: settings.arrivals,
                                            offsetNs: 1e9 / rate * Double(index) / Double(count),
                                            seed: plan.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
                cursor = LoadSchedule.Cursor(schedule)
            }
            let empty = LoadInterval(providerID: target.providerID, startNs: timeBase.epochNs, intervalNs: intervalNs)
            lanes.append(Lane(target: target, dueCursor: cursor, sendCursor: cursor,
                              interval: empty, total: empty))
        }
    }

    func run() -> LoadProbe.Summary {
        originNs = timeBase.elapsed().nanoseconds
        var stopped = false
        while true {
            let now = elapsedNs
            stopped = stopped || stop.isStopped
            while now >= intervalStartNs + intervalNs {
                countDue(upTo: min(intervalStartNs + intervalNs, durationNs), stopped: stopped)
                flushIntervals(lengthNs: intervalNs)
            }
            let sending = !stopped && now < durationNs
            countDue(upTo: min(now + 1, durationNs), stopped: stopped)
            if sending { send(now: now) }
            if !sending && lanes.allSatisfy({ $0.inFlight == 0 }) { break }
            let waitNs = sending ? nextWaitNs(now: elapsedNs) : 100_000_000
            transport.perform(waitNs: waitNs) { lane, sample in finish(lane: lane, sample: sample) }
        }
        let end = elapsedNs
        flushIntervals(lengthNs: max(0, end - intervalStartNs))
        let rows = lanes.map { lane -> LoadAnalysis.Row in
            var row = LoadAnalysis([(Provider(name: lane.target.name, kind: .depin, region: "", endpoint: lane.target.url), [lane.total])],
                                   targetRate: plan.settings.rate).rows[0]
            // Achieved rate over the planned duration (or as far as a stop let it run).
            let seconds = Double(min(durationNs, end)) / 1e9
            row.seconds = seconds
            row.achievedRate = seconds > 0 ? Double(row.ok) / seconds : 0
            return row
        }
        return LoadProbe.Summary(rows: rows, outcome: stopped ? .interrupted : .complete)
    }

    /// Counts arrivals intended before `limitNs` as due (in the current interval).
    private func countDue(upTo limitNs: Int64, stopped: Bool) {
        guard !stopped else { return }
        for index in lanes.indices {
            guard lanes[index].dueCursor != nil else { continue }
            var added = 0
            while lanes[index].dueCursor!.next < limitNs {
                lanes[index].dueCursor!.advance()
                added += 1
            }
            lanes[index].due += added
            lanes[index].interval.due += added
        }
    }

    /// Sends every due request that has a free connection.
    private func send(now: Int64) {
        for index in lanes.indices {
            while transport.hasIdle(index) {
                let intended: Int64
                if lanes[index].sendCursor != nil {
                    guard lanes[index].sent < lanes[index].due else { break }
                    intended = lanes[index].sendCursor!.next
                    lanes[index].sendCursor!.advance()
                } else {
                    // rate: max, a closed loop: every free connection sends now.
                    intended = now
                    lanes[index].due += 1
                    lanes[index].interval.due += 1
                }
                let intendedNs = timeBase.epochNs + originNs + intended
                let startedNs = timeBase.nowNs()
                if startedNs - intendedNs > LoadInterval.lateThresholdNs { lanes[index].interval.late += 1 }
                let sequence = Int64(lanes[index].sent)
                lanes[index].sent += 1
                lanes[index].interval.sent += 1
                lanes[index].inFlight += 1
                transport.start(lane: index, sequence: sequence, intendedNs: intendedNs, startedNs: startedNs)
            }
        }
    }

    /// Counts a finished request and stores its sample (under the cap).
    private func finish(lane index: Int, sample finished: Sample) {
        var sample = finished
        let corrected = (sample.startedNs - sample.intendedNs) / 1000 + (sample.totalUs ?? 0)
        sample.correctedUs = corrected
        lanes[index].inFlight -= 1
        if let error = sample.errorClass {
            lanes[index].interval.errors[error, default: 0] += 1
        } else {
            lanes[index].interval.ok += 1
            lanes[index].interval.uncorrected.record(sample.totalUs ?? 0)
            lanes[index].interval.corrected.record(corrected)
        }
        progress.recordAttempt(target: index, failed: sample.errorClass != nil)
        if lanes[index].stored < plan.settings.storeCap {
            lanes[index].stored += 1
            sink.record(sample)
        }
    }

    /// Hands every lane's interval to the sink, adds it to the lane's total, and starts the next.
    private func flushIntervals(lengthNs: Int64) {
        for index in lanes.indices {
            var interval = lanes[index].interval
            interval.startNs = timeBase.epochNs + originNs + intervalStartNs
            interval.intervalNs = lengthNs
            intervalSink.record(interval)
            lanes[index].total.due += interval.due
            lanes[index].total.sent += interval.sent
            lanes[index].total.late += interval.late
            lanes[index].total.ok += interval.ok
            for (error, count) in interval.errors { lanes[index].total.errors[error, default: 0] += count }
            lanes[index].total.uncorrected.add(interval.uncorrected)
            lanes[index].total.corrected.add(interval.corrected)
            lanes[index].interval.due = 0
            lanes[index].interval.sent = 0
            lanes[index].interval.late = 0
            lanes[index].interval.ok = 0
            lanes[index].interval.errors.removeAll(keepingCapacity: true)
            lanes[index].interval.uncorrected.reset()
            lanes[index].interval.corrected.reset()
        }
        intervalStartNs += lengthNs
    }

    /// Nanoseconds until the next intended send (of a lane with a free connection), interval
    /// boundary or the end; at most 100 ms, so a stop is noticed promptly.
    private func nextWaitNs(now: Int64) -> Int64 {
        var next = min(intervalStartNs + intervalNs, durationNs)
        for (index, lane) in lanes.enumerated() where transport.hasIdle(index) {
            guard let cursor = lane.sendCursor else { return 0 }
            next = min(next, cursor.next)
        }
        return max(0, min(100_000_000, next - now))
    }
}

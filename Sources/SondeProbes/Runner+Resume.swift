import SondeCore

extension Runner {
    /// What an earlier part of a run stored for one provider and probe kind.
    public struct Stored: Sendable, Equatable {
        /// Samples stored.
        public var count: Int
        /// The highest sequence number stored.
        public var lastSequence: Int64

        public init(count: Int, lastSequence: Int64) {
            self.count = count
            self.lastSequence = lastSequence
        }
    }

    /// Why a run cannot be resumed; its description names the probe.
    public struct ResumeRefusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The probes that finish an interrupted run of `plan` (`sonde run --resume`), given what it
    /// stored per probe kind and provider id. Every kind continues where it stopped, with
    /// sequence numbers continuing per provider so nothing stored is duplicated:
    /// - latency, tcp and llm make their remaining attempts or requests (an llm capacity sweep,
    ///   which adapts each step to the ones before, runs whole if it had not started and is
    ///   refused if it had);
    /// - bandwidth makes its remaining transfers (each transfer is a measurement of its own);
    /// - the heartbeat makes the rest of the heartbeats its planned duration schedules, so it
    ///   covers what is left of that duration (the time sonde was down is a gap in its schedule,
    ///   which the availability analysis leaves unobserved);
    /// - load, which measures one constant-rate window, runs whole when it had not started and is
    ///   skipped when a later step has samples (it completed); a load window cut short is refused,
    ///   since two halves at different moments are not one measurement.
    /// Steps with nothing left are left out. A kind this function does not know is refused, so no
    /// probe is ever dropped silently.
    public init(resuming plan: RunPlan, stored: [ProbeKind: [Int64: Stored]]) throws(ResumeRefusal) {
        var steps: [any Probe] = []
        for (index, step) in plan.steps.enumerated() {
            let done = stored[step.kind] ?? [:]
            switch step {
            case var latency as LatencyPlan:
                latency.targets = latency.targets.compactMap { Self.remaining($0, done[$0.providerID]) }
                if !latency.targets.isEmpty { steps.append(LatencyProbe(plan: latency)) }
            case var tcp as TCPPlan:
                tcp.targets = tcp.targets.compactMap { target in
                    var target = target
                    let already = done[target.providerID]
                    target.samples -= already?.count ?? 0
                    target.firstSequence = (already?.lastSequence ?? -1) + 1
                    return target.samples > 0 ? target : nil
                }
                if !tcp.targets.isEmpty { steps.append(TCPProbe(plan: tcp)) }
            case let bandwidth as BandwidthPlan:
                let transfers = bandwidth.repeats * (bandwidth.uploadBytes == nil ? 1 : 2)
                let next = done.mapValues { Int($0.lastSequence) + 1 }
                if bandwidth.targets.contains(where: { (next[$0.target.providerID] ?? 0) < transfers }) {
                    steps.append(BandwidthProbe(plan: bandwidth, done: next))
                }
            case let load as LoadPlan:
                let later = plan.steps[(index + 1)...].contains { !(stored[$0.kind] ?? [:]).isEmpty }
                if done.isEmpty {
                    steps.append(LoadProbe(plan: load))
                } else if !later {
                    let count = done.values.reduce(0) { $0 + $1.count }
                    throw ResumeRefusal(description: "the load probe was interrupted after \(count) requests: a constant-rate "
                        + "load window cut in two is not one measurement, so --resume does not continue it; start a new run")
                }
            case let llm as LLMPlan where llm.settings.sweep != nil:
                // A capacity sweep picks each rate from the steps before it: it runs whole or not at all.
                if done.isEmpty {
                    steps.append(llm.makeProbe())
                } else {
                    let count = done.values.reduce(0) { $0 + $1.count }
                    throw ResumeRefusal(description: "the llm capacity sweep was interrupted after \(count) requests: each "
                        + "step's rate follows from the steps before it, so --resume does not continue it; start a new run")
                }
            case let llm as LLMPlan:
                let already = done.mapValues { LLMProbe.Done(count: $0.count, nextSequence: $0.lastSequence + 1) }
                if llm.targets.contains(where: { (already[$0.providerID]?.count ?? 0) < llm.settings.requests }) {
                    steps.append(LLMProbe(plan: llm, done: already))
                }
            default:
                throw ResumeRefusal(description: "the \(step.kind.rawValue) probe cannot be resumed yet; start a new run")
            }
        }
        var alongside: [any Probe] = []
        for probe in plan.alongside {
            guard var heartbeat = probe as? LatencyPlan, heartbeat.kind == .availability else {
                throw ResumeRefusal(description: "the \(probe.kind.rawValue) probe cannot be resumed yet; start a new run")
            }
            let done = stored[.availability] ?? [:]
            // Each provider makes what its schedule plans within the heartbeat duration (every k
            // with offset + k·interval before it), less what is stored; the rest of the planned
            // duration is then covered and the time sonde was down is a gap in the schedule.
            let limit = heartbeat.maxDuration
            heartbeat.targets = heartbeat.targets.compactMap { target in
                var target = target
                if let limit {
                    let scheduled = Int(((limit - target.offset) / target.interval).rounded(.up))
                    target.samples = min(target.samples, max(0, scheduled))
                }
                return Self.remaining(target, done[target.providerID])
            }
            heartbeat.maxDuration = nil
            if !heartbeat.targets.isEmpty { alongside.append(LatencyProbe(plan: heartbeat)) }
        }
        self.init(steps: steps, alongside: alongside, duration: plan.duration)
    }

    /// A latency-style target with its stored attempts taken off and its sequence continued; nil
    /// when none remain.
    private static func remaining(_ target: LatencyPlan.Target, _ stored: Stored?) -> LatencyPlan.Target? {
        var target = target
        target.samples -= stored?.count ?? 0
        target.firstSequence = (stored?.lastSequence ?? -1) + 1
        return target.samples > 0 ? target : nil
    }
}

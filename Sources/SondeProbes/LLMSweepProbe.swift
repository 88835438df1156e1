import Foundation
import SondeCore

/// The LLM probe's capacity sweep (`probes.llm.sweep`): every provider swept on its own, one
/// after another (a sweep saturates the server, and the client must not share its thread with
/// another provider's), by `LLMSweepLoop` on a dedicated thread. Samples and records go to the
/// context's sinks with the step in their sequence (`LLMSweepSequence`).
public struct LLMSweepProbe: Probe {
    public let plan: LLMPlan
    public let sweep: LLMSweepSettings

    public init(plan: LLMPlan, sweep: LLMSweepSettings) {
        self.plan = plan
        self.sweep = sweep
    }

    /// `llm`.
    public var kind: ProbeKind { .llm }

    /// Counts per provider, open-ended (the sweep picks its steps as it goes).
    public func makeProgress() -> RunProgress {
        RunProgress(names: plan.targets.map(\.name), planned: 0)
    }

    /// Sweeps every provider; the summary names each knee.
    public func run(_ context: ProbeContext) async -> ProbeOutcome {
        let (plan, sweep) = (self.plan, self.sweep)
        let records = context.llmRecords ?? NoRecords()
        let (lines, interrupted) = await Curl.onOwnThread(named: "sonde-llm-sweep") { () -> ([String], Bool) in
            var lines: [String] = []
            for index in plan.targets.indices {
                let loop = LLMSweepLoop(plan: plan, sweep: sweep, targetIndex: index, timeBase: context.timeBase,
                                        sink: context.sink, records: records, progress: context.progress, stop: context.stop)
                let (steps, interrupted) = loop.run()
                lines.append(Self.summary(name: plan.targets[index].name, steps: steps.map(\.step), target: sweep.target))
                if interrupted { return (lines, true) }
            }
            return (lines, false)
        }
        return ProbeOutcome(interrupted ? .interrupted : .complete, summary: lines)
    }

    static func summary(name: String, steps: [CapacityAnalysis.Step], target: Double) -> String {
        let rate = { (r: Double) in String(format: "%.2f/s", r) }
        guard let knee = CapacityAnalysis.knee(steps, target: target) else {
            return "llm sweep \(name): no rate met the SLO (\(steps.count) steps)"
        }
        let upper = knee.upper.map { ", next failing \(rate($0))" } ?? ", no failing rate above"
        return "llm sweep \(name): knee \(rate(knee.rate))\(upper) (\(steps.count) steps)"
    }
}

/// Where the records of a sweep without a record sink go.
private struct NoRecords: LLMRecordSink {
    func record(_ request: LLMRequestRecord) {}
}

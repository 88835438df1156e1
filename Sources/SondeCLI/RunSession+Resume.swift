import Foundation
import SondeCore
import SondeProbes
import SondeStore

/// `sonde run --resume RUN`: continues an interrupted run's latency probe to its planned sample
/// counts, from its stored configuration, in the same run. Sequence numbers continue where each
/// provider stopped, so nothing already stored is duplicated. (Bandwidth, load, LLM and availability
/// probes of an interrupted run are not resumed: their samples are cheap to take again in a new run.)
struct ResumeSession {
    var databasePath: String
    var selector: RunSelector
    var duration: Duration?
    var sendLog: String?
    var environment: [String: String] = ProcessInfo.processInfo.environment

    func execute() async throws -> RunRecord {
        let store = try StoreOpener.open(databasePath, create: false)
        let record = try store.run(selector)
        guard record.status == .interrupted || record.status == .failed else {
            throw CLIError(.usage, "run \(record.info.id) is \(record.status.rawValue): only an interrupted or failed run can be resumed")
        }
        let config = try ConfigLoader.parse(record.info.configText, source: "configuration of run \(record.info.id)")
        var providerIDs: [String: Int64] = [:]
        for provider in config.providers {
            providerIDs[provider.name] = try store.providerID(for: provider.provider)
        }
        let runPlan = try RunPlan.make(config: config, environment: environment, duration: duration).bound(to: providerIDs)
        guard var plan = runPlan.steps.first(where: { $0.kind == .latency }) as? LatencyPlan else {
            throw CLIError(.usage, "run \(record.info.id) has no latency probe to resume")
        }
        let done = try store.progress(of: record, probe: .latency)
        plan.targets = plan.targets.compactMap { target in
            var target = target
            let stored = done[target.providerID]
            target.samples -= stored?.count ?? 0
            target.firstSequence = (stored?.lastSequence ?? -1) + 1
            return target.samples > 0 ? target : nil
        }
        try store.reopenRun(record)
        let writer = try store.makeWriter(runRowID: try store.rowID(of: record))
        let timeBase = TimeBase()
        let stop = StopSignal()
        let signals = SignalTrap(onSignal: { stop.stop() })
        let sink: any SampleSink = try sendLog.map { try SendLogSink(path: $0, next: writer) } ?? writer
        let runner = Runner(steps: [LatencyProbe(plan: plan)], duration: duration)
        let outcome = await runner.run(ProbeContext(timeBase: timeBase, sink: sink, stop: stop),
                                       display: RunSession.display(writer))
        signals.cancel()
        return try RunSession.finish(record.info.id, outcome: outcome, writer: writer, store: store, timeBase: timeBase)
    }
}

import Foundation
import SondeCore
import SondeProbes
import SondeStore

/// `sonde run --resume RUN`: continues an interrupted run, in the same run, from its stored
/// configuration, through the `Runner`: every probe kind continues where it stopped, sequence
/// numbers continuing per provider so nothing already stored is duplicated (what each kind does
/// is `Runner.init(resuming:stored:)`; docs/reliability.md, "Resuming a run").
///
/// A run with `provision:` blocks is refused: its probes measured machines that were torn down
/// (or left behind) when it stopped, and measuring new machines under the old run would mix two
/// machines' figures in one run. `sonde provision cleanup` finds what it left; start a new run.
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
        let provisioned = config.providers.filter { $0.provision != nil }.map(\.name)
        guard provisioned.isEmpty else {
            throw CLIError(.usage, "run \(record.info.id) cannot be resumed: it probed provisioned machines "
                + "(provision: blocks of \(provisioned.joined(separator: ", "))), which do not outlive the run; "
                + "run `sonde provision cleanup` for any left behind, and start a new run")
        }
        var providerIDs: [String: Int64] = [:]
        for provider in config.providers {
            providerIDs[provider.name] = try store.providerID(for: provider.provider)
        }
        let plan = try RunPlan.make(config: config, environment: environment, duration: duration).bound(to: providerIDs)
        var stored: [ProbeKind: [Int64: Runner.Stored]] = [:]
        for kind in Set(plan.steps.map(\.kind) + plan.alongside.map(\.kind)) {
            stored[kind] = try store.progress(of: record, probe: kind).mapValues {
                Runner.Stored(count: $0.count, lastSequence: $0.lastSequence)
            }
        }
        let runner: Runner
        do {
            runner = try Runner(resuming: plan, stored: stored)
        } catch {
            throw CLIError(.usage, "run \(record.info.id) cannot be resumed: \(error)")
        }
        try store.reopenRun(record)
        let writer = try store.makeWriter(runRowID: try store.rowID(of: record),
                                          spool: try RunSession.spoolPolicy(databasePath: databasePath, environment: environment))
        let timeBase = TimeBase()
        let stop = StopSignal()
        let signals = SignalTrap(onSignal: { stop.stop() })
        let sink: any SampleSink = try sendLog.map { try SendLogSink(path: $0, next: writer) } ?? writer
        let context = ProbeContext(timeBase: timeBase, sink: sink, stop: stop, loadIntervals: writer, llmRecords: writer)
        let outcome = await runner.run(context, display: RunSession.display(writer))
        signals.cancel()
        return try RunSession.finish(record.info.id, outcome: outcome, writer: writer, store: store, timeBase: timeBase)
    }
}

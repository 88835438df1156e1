import Foundation
import SondeCore
import SondeProbes
import SondeStore

extension RunSession {
    /// Provisions every provider with a `provision:` block after the other probes, in the same
    /// run: each machine is requested, timed until it answers, and torn down (also on Ctrl-C).
    func runProvisioning(store: SampleStore, runRowID: Int64, providerIDs: [String: Int64], timeBase: TimeBase,
                         stop: StopSignal) async throws -> LatencyProbe.Outcome {
        let session = ProvisionRunSession(config: config, environment: environment)
        guard !session.provisioned.isEmpty else { return .complete }
        let adapters = Dictionary(uniqueKeysWithValues: session.provisioned.map { ($0.provider.name, $0.settings.adapter.rawValue) })
        let log = ProvisionLog(store: store, runRowID: runRowID, providerIDs: providerIDs, adapters: adapters)
        Terminal.status("provisioning: \(session.provisioned.map(\.provider.name).joined(separator: ", "))")
        let records = try await session.execute(log: log, timeBase: timeBase, stop: stop)
        if let failure = log.saveFailure { throw failure }
        for record in records where record.leaked { ProvisionLog.warnLeaked(record) }
        return stop.isStopped ? .interrupted : .complete
    }
}

import Foundation
import SondeCore
import SondeProbes
import SondeStore

extension RunSession {
    /// Machines provisioned for a run's probes, and the configuration that probes them.
    struct ProvisionChain {
        var session: ProvisionRunSession
        var log: ProvisionLog
        var machines: [String: ProvisionRunSession.Machine]
        var used: [String: Int]
        /// This session with every provisioned provider's endpoint replaced by its machine's
        /// reachable URL, and providers without a machine left out.
        var probing: RunSession
    }

    /// Provisions every provider with a `provision:` block before the probes (attempts until one
    /// machine is ready); nil when no provider has one.
    func provisionForProbes(store: SampleStore, runRowID: Int64, providerIDs: [String: Int64], timeBase: TimeBase,
                            stop: StopSignal) async throws -> ProvisionChain? {
        let session = ProvisionRunSession(config: config, environment: environment)
        guard !session.provisioned.isEmpty else { return nil }
        let adapters = Dictionary(uniqueKeysWithValues: session.provisioned.map { ($0.provider.name, $0.settings.adapter.rawValue) })
        let log = ProvisionLog(store: store, runRowID: runRowID, providerIDs: providerIDs, adapters: adapters)
        Terminal.status("provisioning: \(session.provisioned.map(\.provider.name).joined(separator: ", "))")
        let (machines, used) = try await session.provisionForProbes(log: log, timeBase: timeBase, stop: stop)
        var probing = self
        probing.config.providers = config.providers.compactMap { provider in
            guard provider.provision != nil else { return provider }
            guard let endpoint = machines[provider.name]?.record.endpoint else {
                Terminal.error("\(provider.name): no machine became reachable; not probed in this run")
                return nil
            }
            var probed = provider
            probed.endpoint = endpoint
            return probed
        }
        return ProvisionChain(session: session, log: log, machines: machines, used: used, probing: probing)
    }

    /// Tears down the probed machines, then runs each provider's remaining attempts (pure
    /// time-to-provision measurements).
    func finishProvisioning(_ chain: ProvisionChain, timeBase: TimeBase, stop: StopSignal) async throws -> ProbeOutcome.Ending {
        var records = await ProvisionRunSession.tearDown(chain.machines)
        if !stop.isStopped {
            records += try await chain.session.execute(log: chain.log, timeBase: timeBase, stop: stop, after: chain.used)
        }
        if let failure = chain.log.saveFailure { throw failure }
        for record in records where record.leaked { ProvisionLog.warnLeaked(record) }
        return stop.isStopped ? .interrupted : .complete
    }
}

import ArgumentParser
import Foundation
import SondeCore
import SondeProbes
import SondeStore

/// `sonde provision run|cleanup`: time-to-provision attempts, and destroying what dead runs left.
struct ProvisionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision", abstract: "Measure time-to-provision, and clean up machines left by interrupted runs.",
        subcommands: [ProvisionRunCommand.self, ProvisionCleanupCommand.self])
}

/// `sonde provision run -c sonde.yaml`: provision, reach and tear down every provider with a `provision:` block.
struct ProvisionRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Provision each provider's machine, time every phase until it answers, and tear it down.")

    @Option(name: [.short, .customLong("config")], help: "The configuration file.")
    var config: String

    @Option(help: "The SQLite database to write.")
    var db = "sonde.db"

    @Option(help: "A label to find this run by.")
    var label: String?

    @Option(help: "Where sonde runs from (e.g. office-berlin).")
    var vantage: String?

    @Option(help: "Attempts per provider (overrides provision.attempts).")
    var attempts: Int?

    func validate() throws {
        if let attempts, !(1...1000).contains(attempts) { throw ValidationError("--attempts must be between 1 and 1000") }
        try Arguments.validateName(label, option: "--label")
        try Arguments.validateName(vantage, option: "--vantage")
    }

    func run() async throws {
        try await reportingErrors {
            let text = try Files.readText(config, what: "configuration")
            let parsed = try ConfigLoader.parse(text, source: config)
            let session = ProvisionRunSession(config: parsed, attempts: attempts)
            guard !session.provisioned.isEmpty else {
                throw CLIError(.usage, "\(config): no provider has a provision: block (see docs/provisioning.md)")
            }
            try session.validate()
            let store = try StoreOpener.open(db, create: true)
            let timeBase = TimeBase()
            let info = RunInfo(id: UUID().uuidString.lowercased(), startedNs: timeBase.epochNs, label: label, vantage: vantage,
                               host: ProcessInfo.processInfo.hostName, sondeVersion: SondeVersion.current,
                               configHash: ConfigHash.fnv1a64(parsed.text), configText: parsed.text)
            var providerIDs: [String: Int64] = [:]
            var adapters: [String: String] = [:]
            for (_, provider, settings) in session.provisioned {
                providerIDs[provider.name] = try store.providerID(for: provider.provider)
                adapters[provider.name] = settings.adapter.rawValue
            }
            let runRowID = try store.beginRun(info)
            let log = ProvisionLog(store: store, runRowID: runRowID, providerIDs: providerIDs, adapters: adapters)
            let stop = StopSignal()
            // Ctrl-C or SIGTERM cancels the waits; teardown still runs before the process exits.
            let signals = SignalTrap(onSignal: {
                if !stop.isStopped { Terminal.status("sonde: interrupted; tearing down what was created…") }
                stop.stop()
            })
            let records = try await session.execute(log: log, timeBase: timeBase, stop: stop)
            signals.cancel()
            try store.finishRun(info.id, status: stop.isStopped ? .interrupted : .complete, finishedNs: timeBase.nowNs())
            if let failure = log.saveFailure { throw failure }
            let leaked = records.filter { $0.leaked || $0.possiblyLeaked }
            Terminal.status("run \(info.id) \(stop.isStopped ? "interrupted" : "complete"): \(records.count) attempts, "
                            + "\(records.filter { $0.outcome == .ready }.count) ready, \(records.filter(\.leaked).count) leaked, "
                            + "\(records.filter(\.possiblyLeaked).count) possibly_leaked; in \(db)")
            for record in leaked { ProvisionLog.warnLeaked(record) }
        }
    }
}

/// `sonde provision cleanup --db sonde.db`: destroy machines that runs which died (or failed to
/// tear down) left behind, using each run's stored configuration.
struct ProvisionCleanupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup", abstract: "Destroy machines that dead or failed runs left behind (ids from the provisions table).")

    @Option(help: "The SQLite database to read.")
    var db = "sonde.db"

    @Flag(help: "Only list what would be destroyed.")
    var dryRun = false

    func run() async throws {
        try await reportingErrors {
            let store = try StoreOpener.open(db, create: false)
            let open = try store.openProvisions()
            guard !open.isEmpty else {
                Terminal.status("no machines left behind in \(db)")
                return
            }
            let environment = ProcessInfo.processInfo.environment
            var failed = 0
            for item in open {
                let record = item.record
                let label = record.providerResourceID.map { "\(record.provider) attempt \(record.attempt) id \($0) (run \(item.runID))" }
                    ?? "\(record.provider) attempt \(record.attempt) identity \(record.attemptKey ?? "?") (run \(item.runID))"
                if dryRun {
                    Terminal.status(record.providerResourceID == nil ? "would look up and destroy \(label)" : "would destroy \(label)")
                    continue
                }
                do {
                    let config = try ConfigLoader.parse(item.configText, source: "run \(item.runID)")
                    guard let index = config.providers.firstIndex(where: { $0.name == record.provider }),
                          let settings = config.providers[index].provision else {
                        throw CLIError(.dataError, "run \(item.runID): its configuration has no provision: block for \(record.provider)")
                    }
                    let endpoint = try config.resolvedRequest(ofProvider: index, environment: environment).url
                    let provisioner = ProvisionRunSession.provisioner(
                        config.providers[index], settings, endpoint: endpoint, environment: environment,
                        deadline: .now + settings.destroyTimeout, stop: StopSignal())
                    let session = ProvisionSession(
                        provisioner: provisioner, settings: settings, configuredEndpoint: endpoint, verifyTLS: true,
                        timeBase: TimeBase(), stop: StopSignal(), save: { _ in })
                    // No id: the run died (or was cut short) during create; only the identity can find the machine,
                    // once the orphaned create tool (if any) has finished making it.
                    if record.providerResourceID == nil, record.outcome == nil, let key = record.attemptKey,
                       await InFlightTool.waitUntilGone(key, limit: settings.destroyTimeout) {
                        Terminal.error("\(label): a create tool carrying its identity is still running after "
                                       + "\(Grammar.format(settings.destroyTimeout)); looking up anyway")
                    }
                    var cleaned = record.providerResourceID == nil ? await session.recover(record) : await session.tearDown(record)
                    if cleaned.outcome == nil {
                        cleaned.outcome = .cancelled
                        cleaned.detail = cleaned.providerResourceID == nil
                            ? "the run died during create; no machine carries its identity"
                            : "the run died before this attempt finished; destroyed by sonde provision cleanup"
                    }
                    let adapter = try store.provisionAdapter(runRowID: item.runRowID, providerID: item.providerID,
                                                             attempt: record.attempt) ?? settings.adapter.rawValue
                    try store.saveProvision(cleaned, runRowID: item.runRowID, providerID: item.providerID, adapter: adapter)
                    if cleaned.leaked || cleaned.possiblyLeaked {
                        failed += 1
                        ProvisionLog.warnLeaked(cleaned)
                    } else if let id = cleaned.providerResourceID {
                        Terminal.status("destroyed \(cleaned.provider) attempt \(cleaned.attempt) id \(id) (run \(item.runID))")
                    } else {
                        Terminal.status("nothing to destroy for \(label): no machine carries its identity")
                    }
                } catch {
                    failed += 1
                    Terminal.error("cannot destroy \(label): \(error)")
                }
            }
            if failed > 0 {
                throw CLIError(.ioError, "\(failed) of \(open.count) machines could not be destroyed; they may still be running")
            }
        }
    }
}

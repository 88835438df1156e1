import Foundation
import SondeCore
import SondeProbes
import SondeStore

/// Runs the provisioning attempts of every provider with a `provision:` block: providers side by
/// side, each provider's attempts one after another, every machine torn down before the next
/// attempt. Used by `sonde provision run`, by `sonde demo`, and by `sonde run` (which probes each
/// ready machine between provisioning and teardown, through `whileReady`).
struct ProvisionRunSession {
    var config: Config
    var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Overrides every provider's `attempts`.
    var attempts: Int?

    /// The providers this session provisions.
    var provisioned: [(index: Int, provider: ProviderConfig, settings: ProvisionSettings)] {
        config.providers.enumerated().compactMap { index, provider in provider.provision.map { (index, provider, $0) } }
    }

    /// Checks every `${ENV}` reference the provisioners will need, before anything is created.
    func validate() throws {
        for (index, provider, settings) in provisioned {
            _ = try config.resolvedRequest(ofProvider: index, environment: environment)
            if let commands = settings.commands {
                do {
                    try CommandProvisioner.validate(commands, environment: environment)
                    if let health = settings.healthURL { _ = try SecretTemplate.resolve(health, environment: environment) }
                } catch {
                    throw ConfigError(source: config.source, line: nil, field: "providers[\(index)].provision (\(provider.name))",
                                      problem: error.problem)
                }
            }
        }
    }

    /// The adapter for one attempt of `provider`, whose create/status must finish by `deadline`.
    static func provisioner(_ provider: ProviderConfig, _ settings: ProvisionSettings, endpoint: String,
                            environment: [String: String], deadline: ContinuousClock.Instant, stop: StopSignal) -> any Provisioner {
        switch settings.adapter {
        case .command, .awsEC2, .akash:
            return CommandProvisioner(spec: settings.commands!, environment: environment, deadline: deadline,
                                      destroyTimeout: settings.destroyTimeout, stop: stop)
        case .emulated:
            return EmulatedProvisioner(endpoint: endpoint, deadline: deadline, destroyTimeout: settings.destroyTimeout)
        }
    }

    /// Runs every attempt and returns the records. `whileReady` runs with each ready machine's
    /// record before it is torn down (the probes of `sonde run`).
    func execute(log: ProvisionLog, timeBase: TimeBase, stop: StopSignal,
                 whileReady: @escaping @Sendable (ProvisionRecord) async -> Void = { _ in }) async throws -> [ProvisionRecord] {
        let heartbeat = Task {
            while !Task.isCancelled {
                log.markAlive(nowNs: timeBase.nowNs())
                try? await Task.sleep(for: .seconds(5))
            }
        }
        defer { heartbeat.cancel() }
        var jobs: [(ProviderConfig, ProvisionSettings, String)] = []
        for (index, provider, settings) in provisioned {
            jobs.append((provider, settings, try config.resolvedRequest(ofProvider: index, environment: environment).url))
        }
        let environment = self.environment
        let attempts = self.attempts
        return await withTaskGroup(of: [ProvisionRecord].self) { group in
            for (provider, settings, endpoint) in jobs {
                group.addTask {
                    var records: [ProvisionRecord] = []
                    for attempt in 1...(attempts ?? settings.attempts) where !stop.isStopped {
                        let deadline = ContinuousClock.now + settings.deadline
                        let provisioner = Self.provisioner(provider, settings, endpoint: endpoint, environment: environment,
                                                           deadline: deadline, stop: stop)
                        let session = ProvisionSession(provisioner: provisioner, settings: settings, configuredEndpoint: endpoint,
                                                       verifyTLS: provider.verifyTLS, timeBase: timeBase, stop: stop, save: log.save)
                        var record = await session.provision(provider: provider.name, attempt: attempt, deadline: deadline)
                        if record.outcome == .ready {
                            await whileReady(record)
                            record = await session.tearDown(record)
                        }
                        records.append(record)
                        Terminal.status(Self.describe(record))
                    }
                    return records
                }
            }
            var all: [ProvisionRecord] = []
            for await records in group { all += records }
            return all.sorted { ($0.provider, $0.attempt) < ($1.provider, $1.attempt) }
        }
    }

    /// One line per finished attempt for the terminal.
    static func describe(_ record: ProvisionRecord) -> String {
        let seconds = { (ns: Int64?) in ns.map { String(format: "%.2fs", Double($0 - record.requestedNs) / 1e9) } ?? "-" }
        var line = "\(record.provider) #\(record.attempt): \(record.outcome?.rawValue ?? "unfinished")"
        line += " (accepted \(seconds(record.acceptedNs)), running \(seconds(record.runningNs)), reachable \(seconds(record.reachableNs)),"
        line += " torn down \(record.tornDownNs != nil ? seconds(record.tornDownNs) : (record.providerResourceID == nil ? "n/a" : "NO")))"
        if let detail = record.detail, record.outcome != .ready || record.leaked { line += ": \(detail)" }
        return line
    }
}

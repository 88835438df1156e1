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
            if settings.commands != nil || settings.akash != nil {
                do {
                    if let commands = settings.commands { try CommandProvisioner.validate(commands, environment: environment) }
                    if let akash = settings.akash {
                        for word in akash.createDeployment + [akash.owner] { _ = try SecretTemplate.resolve(word, environment: environment) }
                    }
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
        case .akash:
            return AkashProvisioner(preset: settings.akash!, environment: environment, deadline: deadline,
                                    destroyTimeout: settings.destroyTimeout, pollInterval: settings.pollInterval, stop: stop)
        case .command, .awsEC2:
            return CommandProvisioner(spec: settings.commands!, environment: environment, deadline: deadline,
                                      destroyTimeout: settings.destroyTimeout, stop: stop)
        case .emulated:
            return EmulatedProvisioner(endpoint: endpoint, deadline: deadline, destroyTimeout: settings.destroyTimeout)
        }
    }

    /// A machine kept up for `sonde run`'s probes, with the session that tears it down.
    struct Machine: Sendable {
        var record: ProvisionRecord
        var session: ProvisionSession
    }

    /// For `sonde run`: per provider, attempts until one machine is ready (at most `attempts`),
    /// which is kept up for the probes; failed attempts are torn down at once. Returns the ready
    /// machines by provider name and how many attempts each provider used.
    func provisionForProbes(log: ProvisionLog, timeBase: TimeBase,
                            stop: StopSignal) async throws -> (machines: [String: Machine], used: [String: Int]) {
        let jobs = try resolvedJobs()
        let environment = self.environment
        let attempts = self.attempts
        return await withTaskGroup(of: (String, Machine?, Int).self) { group in
            for (provider, settings, endpoint) in jobs {
                group.addTask {
                    var used = 0
                    for attempt in 1...(attempts ?? settings.attempts) where !stop.isStopped {
                        used = attempt
                        let deadline = ContinuousClock.now + settings.deadline
                        let session = Self.session(provider, settings, endpoint: endpoint, environment: environment,
                                                   deadline: deadline, timeBase: timeBase, stop: stop, log: log)
                        let record = await session.provision(provider: provider.name, attempt: attempt, deadline: deadline)
                        Terminal.status(Self.describe(record))
                        if record.outcome == .ready { return (provider.name, Machine(record: record, session: session), used) }
                    }
                    return (provider.name, nil, used)
                }
            }
            var machines: [String: Machine] = [:]
            var used: [String: Int] = [:]
            for await (name, machine, count) in group {
                machines[name] = machine
                used[name] = count
            }
            return (machines, used)
        }
    }

    /// Tears down the machines kept for the probes.
    static func tearDown(_ machines: [String: Machine]) async -> [ProvisionRecord] {
        await withTaskGroup(of: ProvisionRecord.self) { group in
            for machine in machines.values { group.addTask { await machine.session.tearDown(machine.record) } }
            var records: [ProvisionRecord] = []
            for await record in group {
                Terminal.status(describe(record))
                records.append(record)
            }
            return records
        }
    }

    private func resolvedJobs() throws -> [(ProviderConfig, ProvisionSettings, String)] {
        try provisioned.map { index, provider, settings in
            (provider, settings, try config.resolvedRequest(ofProvider: index, environment: environment).url)
        }
    }

    private static func session(_ provider: ProviderConfig, _ settings: ProvisionSettings, endpoint: String,
                                environment: [String: String], deadline: ContinuousClock.Instant, timeBase: TimeBase,
                                stop: StopSignal, log: ProvisionLog) -> ProvisionSession {
        let provisioner = provisioner(provider, settings, endpoint: endpoint, environment: environment, deadline: deadline, stop: stop)
        // The unresolved endpoint: the record may store it; `environment` resolves it per request.
        var session = ProvisionSession(provisioner: provisioner, settings: settings, configuredEndpoint: provider.endpoint,
                                       verifyTLS: provider.verifyTLS, timeBase: timeBase, stop: stop, save: log.save)
        session.environment = environment
        return session
    }

    /// Runs every attempt (numbered from `after[provider] + 1`) and returns the records, each
    /// machine torn down before the provider's next attempt.
    func execute(log: ProvisionLog, timeBase: TimeBase, stop: StopSignal,
                 after: [String: Int] = [:]) async throws -> [ProvisionRecord] {
        let heartbeat = Task {
            while !Task.isCancelled {
                log.markAlive(nowNs: timeBase.nowNs())
                try? await Task.sleep(for: .seconds(5))
            }
        }
        defer { heartbeat.cancel() }
        let jobs = try resolvedJobs()
        let environment = self.environment
        let attempts = self.attempts
        return await withTaskGroup(of: [ProvisionRecord].self) { group in
            for (provider, settings, endpoint) in jobs {
                let first = (after[provider.name] ?? 0) + 1
                let last = attempts ?? settings.attempts
                guard first <= last else { continue }
                group.addTask {
                    var records: [ProvisionRecord] = []
                    for attempt in first...last where !stop.isStopped {
                        let deadline = ContinuousClock.now + settings.deadline
                        let session = Self.session(provider, settings, endpoint: endpoint, environment: environment,
                                                   deadline: deadline, timeBase: timeBase, stop: stop, log: log)
                        var record = await session.provision(provider: provider.name, attempt: attempt, deadline: deadline)
                        if record.outcome == .ready { record = await session.tearDown(record) }
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
        let kept = record.outcome == .ready && record.teardownRequestedNs == nil
        line += " torn down \(record.tornDownNs != nil ? seconds(record.tornDownNs) : (record.providerResourceID == nil ? "n/a" : kept ? "after the probes" : "NO")))"
        if record.possiblyLeaked { line += " POSSIBLY LEAKED (possibly_leaked)" }
        if let detail = record.detail, record.outcome != .ready || record.leaked || record.possiblyLeaked { line += ": \(detail)" }
        return line
    }
}

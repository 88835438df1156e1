import Foundation
import SondeCore
import SondeProbes
import SondeStore

/// Wires a configuration to the probes and the store: validates everything that can be validated
/// before the database is touched, records the run, streams samples into the writer, shows
/// progress, and marks the run complete or interrupted.
struct RunSession {
    var config: Config
    var databasePath: String
    var label: String?
    var vantage: String?
    var duration: Duration?
    /// A file that receives one line per recorded sample (the crash test's ground truth).
    var sendLog: String?
    var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Set by `sonde schedule`, whose service lifecycle owns the signals: stopping it interrupts the
    /// run. Without it the run traps SIGINT/SIGTERM itself.
    var stop: StopSignal? = nil
    /// Live metrics fed with every stored sample (`sonde schedule --metrics-port`).
    var metrics: (any MetricsSink)? = nil

    /// Runs and returns the stored run.
    func execute() async throws -> RunRecord {
        let plan = try makePlan()

        let store = try StoreOpener.open(databasePath, create: true)
        let timeBase = TimeBase()
        let info = RunInfo(id: UUID().uuidString.lowercased(), startedNs: timeBase.epochNs, label: label, vantage: vantage,
                           host: ProcessInfo.processInfo.hostName, sondeVersion: SondeVersion.current,
                           configHash: ConfigHash.fnv1a64(config.text), configText: config.text)
        var providerIDs: [String: Int64] = [:]
        for provider in config.providers {
            providerIDs[provider.name] = try store.providerID(for: provider.provider)
        }
        let runRowID = try store.beginRun(info)
        // The endpoint this agent probed, kept per run: one provider across agents (docs/schema.md).
        for provider in config.providers {
            if let id = providerIDs[provider.name] { try store.recordEndpoint(provider.provider.endpoint, runRowID: runRowID, providerID: id) }
        }
        let stop = self.stop ?? StopSignal()
        let signals = self.stop == nil ? SignalTrap(onSignal: { stop.stop() }) : nil
        // Providers with a provision: block get a machine first; the probes measure that machine.
        let chain = try await provisionForProbes(store: store, runRowID: runRowID, providerIDs: providerIDs,
                                                 timeBase: timeBase, stop: stop)
        var bound = try plan.bound(to: providerIDs)
        if let chain { bound = try bound.probing(endpoints: Self.machineEndpoints(config: config, probing: chain.probing.config)) }
        let writer = try store.makeWriter(runRowID: runRowID,
                                          spool: try Self.spoolPolicy(databasePath: databasePath, environment: environment))
        let tapped = tap(writer, providerIDs: providerIDs)
        let sink: any SampleSink = try sendLog.map { try SendLogSink(path: $0, next: tapped) } ?? tapped
        let context = ProbeContext(timeBase: timeBase, sink: sink, stop: stop, loadIntervals: writer, llmRecords: writer)
        var outcome = await Runner(plan: bound).run(context, display: Self.display(writer))
        if let chain {
            let rest = try await finishProvisioning(chain, timeBase: timeBase, stop: stop)
            if outcome == .complete { outcome = rest }
        }
        signals?.cancel()

        let record = try Self.finish(info.id, outcome: outcome, writer: writer, store: store, timeBase: timeBase)
        publishAvailability(of: record, store: store)
        return record
    }

    /// Builds and validates the whole plan once, before the database is touched: every ${ENV}
    /// reference is resolved here, so a missing variable or a bad setting never leaves a
    /// half-made run. Raises the soft open-file limit towards the hard one when the load
    /// probe's pool needs it.
    func makePlan() throws -> RunPlan {
        var openFiles = OpenFileLimit.current
        if let load = config.load {
            openFiles = OpenFileLimit.raise(to: load.connections * config.providers.count + LoadPlan.reservedDescriptors)
        }
        let plan = try RunPlan.make(config: config, environment: environment, duration: duration, openFileLimit: openFiles)
        try ProvisionRunSession(config: config, environment: environment).validate()
        return plan
    }

    /// Checks everything that can be checked before a run exists (`sonde schedule` does so once
    /// at start-up; every run builds its plan again, as the environment may have changed).
    func validate() throws {
        _ = try makePlan()
    }

    /// Per provisioned provider, the URL its machine is probed at, or nil when it has none.
    static func machineEndpoints(config: Config, probing: Config) -> [String: String?] {
        let probed = Dictionary(probing.providers.map { ($0.name, $0.endpoint) }, uniquingKeysWith: { first, _ in first })
        var endpoints: [String: String?] = [:]
        for provider in config.providers where provider.provision != nil {
            endpoints[provider.name] = .some(probed[provider.name])
        }
        return endpoints
    }

    /// The runner's lines on the terminal, with the writer's count and failure.
    static func display(_ writer: SampleWriter) -> Runner.Display {
        Runner.Display(progress: { Terminal.progress($0) }, endProgress: { Terminal.endProgress() },
                       status: { Terminal.status($0) }, stored: { writer.written }, storeFailed: { writer.failure != nil })
    }

    /// The writer, or the writer with live metrics listening when `metrics` is set.
    func tap(_ writer: SampleWriter, providerIDs: [String: Int64]) -> any SampleSink {
        guard let metrics else { return writer }
        let providers = Dictionary(config.providers.compactMap { p in providerIDs[p.name].map { ($0, p.provider) } },
                                   uniquingKeysWith: { first, _ in first })
        return MetricsTap(next: writer, metrics: metrics, providers: providers)
    }

    /// Commits what the writer still holds and records how the run ended: complete, interrupted
    /// by a signal, or failed when the last commit failed (whose error is then thrown).
    static func finish(_ runID: String, outcome: ProbeOutcome.Ending, writer: SampleWriter, store: SampleStore,
                       timeBase: TimeBase) throws -> RunRecord {
        do {
            try writer.finish()
        } catch {
            // The server stayed away to the end: the run lives on in its spool, not failed.
            if let spool = writer.spoolPath {
                throw leaveSpool(spool, runID: runID, outcome: outcome, error: error, timeBase: timeBase)
            }
            try? store.finishRun(runID, status: .failed, finishedNs: timeBase.nowNs())
            throw error
        }
        try store.finishRun(runID, status: outcome == .complete ? .complete : .interrupted, finishedNs: timeBase.nowNs())
        return try store.run(.id(runID))
    }
}

/// A stable, dependency-free fingerprint of the configuration text (FNV-1a, 64 bit), so runs of
/// the same configuration can be grouped; not a security hash.
enum ConfigHash {
    static func fnv1a64(_ text: String) -> String {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100000001b3
        }
        return String(hash, radix: 16)
    }
}

/// Turns SIGINT and SIGTERM into a callback for as long as it lives.
final class SignalTrap: @unchecked Sendable {
    // @unchecked: the sources are set once in init and only cancelled after.
    private let sources: [any DispatchSourceSignal]

    init(onSignal: @escaping @Sendable () -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: onSignal)
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }

    /// Returns at the first SIGINT or SIGTERM.
    static func waitForSignal() async {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let trap = SignalTrap(onSignal: { continuation.yield() })
        var signals = stream.makeAsyncIterator()
        _ = await signals.next()
        trap.cancel()
    }
}

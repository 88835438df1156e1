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
        try validate()

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
        let stop = self.stop ?? StopSignal()
        let signals = self.stop == nil ? SignalTrap(onSignal: { stop.stop() }) : nil
        // Providers with a provision: block get a machine first; the probes measure that machine.
        let chain = try await provisionForProbes(store: store, runRowID: runRowID, providerIDs: providerIDs,
                                                 timeBase: timeBase, stop: stop)
        let probing = chain?.probing ?? self
        let config = probing.config
        let plan = try LatencyPlan.make(config: config, providerIDs: providerIDs, environment: environment, duration: duration)
        let writer = try store.makeWriter(runRowID: runRowID)
        let progress = RunProgress(targets: plan.targets)
        let reporter = Task { await Self.showProgress(progress, timeBase: timeBase, duration: duration, writer: writer, stop: stop) }
        let tapped = probing.tap(writer, providerIDs: providerIDs)

        let heartbeat = try probing.startAvailabilityProbe(providerIDs: providerIDs, timeBase: timeBase, sink: tapped, stop: stop)
        var outcome = LatencyProbe.Outcome.complete
        if config.runsLatency && !config.providers.isEmpty && !stop.isStopped {
            let sink: any SampleSink = try sendLog.map { try SendLogSink(path: $0, next: tapped) } ?? tapped
            outcome = await LatencyProbe(plan: plan).run(timeBase: timeBase, sink: sink, progress: progress, stop: stop)
        }
        reporter.cancel()
        _ = await reporter.result
        Terminal.endProgress()
        if outcome == .complete {
            outcome = try await probing.runThroughputProbes(providerIDs: providerIDs, timeBase: timeBase, writer: writer,
                                                            sink: tapped, stop: stop)
        }
        if outcome == .complete {
            outcome = try await probing.runLLMProbe(providerIDs: providerIDs, timeBase: timeBase, writer: writer, sink: tapped,
                                                    store: store, runRowID: runRowID, stop: stop)
        }
        if let heartbeat, await heartbeat.value == .interrupted { outcome = .interrupted }
        if let chain {
            let rest = try await finishProvisioning(chain, timeBase: timeBase, stop: stop)
            if outcome == .complete { outcome = rest }
        }
        signals?.cancel()

        let record = try Self.finish(info.id, outcome: outcome, writer: writer, store: store, timeBase: timeBase)
        publishAvailability(of: record, store: store)
        return record
    }

    /// Builds every plan once with placeholder ids: resolves every ${ENV} reference, so a missing
    /// variable fails before the database is touched and never leaves a half-made run.
    func validate() throws {
        let placeholderIDs = Dictionary(uniqueKeysWithValues: config.providers.enumerated().map { ($1.name, Int64($0)) })
        _ = try LatencyPlan.make(config: config, providerIDs: placeholderIDs, environment: environment, duration: duration)
        try validateThroughputPlans(providerIDs: placeholderIDs)
        try validateLLMPlan(providerIDs: placeholderIDs)
        try validateAvailabilityPlan(providerIDs: placeholderIDs)
        try ProvisionRunSession(config: config, environment: environment).validate()
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
    static func finish(_ runID: String, outcome: LatencyProbe.Outcome, writer: SampleWriter, store: SampleStore,
                       timeBase: TimeBase) throws -> RunRecord {
        do {
            try writer.finish()
        } catch {
            try? store.finishRun(runID, status: .failed, finishedNs: timeBase.nowNs())
            throw error
        }
        try store.finishRun(runID, status: outcome == .complete ? .complete : .interrupted, finishedNs: timeBase.nowNs())
        return try store.run(.id(runID))
    }


    /// Prints one progress line a second until cancelled; stops the run if the writer fails.
    static func showProgress(_ progress: RunProgress, timeBase: TimeBase, duration: Duration?,
                                     writer: SampleWriter, stop: StopSignal) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            if writer.failure != nil { stop.stop() }
            let elapsed = Int(timeBase.elapsed().seconds)
            let limit = duration.map { "/\(Int($0.seconds))s" } ?? "s"
            let parts = progress.snapshot().map { "\($0.name) \($0.attempts - $0.errors) ok \($0.errors) err" }
            Terminal.progress("[\(elapsed)\(limit)] " + parts.joined(separator: " · ") + " · \(writer.written) stored")
        }
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

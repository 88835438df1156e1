import Foundation
import SondeCore
import SondeProbes
import SondeStore

/// The bandwidth and load probes of a run, after the latency probe and into the same run.
extension RunSession {
    /// Builds the bandwidth and load plans once with placeholder ids, so that bad settings (a pool
    /// larger than the open-file limit) fail before the database is touched. Raises the soft
    /// open-file limit towards the hard one when the pool needs it.
    func validateThroughputPlans(providerIDs: [String: Int64]) throws {
        if let settings = config.bandwidth {
            _ = try BandwidthPlan.make(config: config, settings: settings, providerIDs: providerIDs, environment: environment)
        }
        if let settings = config.load {
            _ = try LoadPlan.make(config: config, settings: settings, providerIDs: providerIDs, environment: environment,
                                  openFileLimit: OpenFileLimit.raise(to: settings.connections * config.providers.count
                                      + LoadPlan.reservedDescriptors))
        }
    }

    /// Runs the configured bandwidth probe, then the load probe; stops early when `stop` is set.
    func runThroughputProbes(providerIDs: [String: Int64], timeBase: TimeBase, writer: SampleWriter,
                             sink: any SampleSink, stop: StopSignal) async throws -> LatencyProbe.Outcome {
        let names = config.providers.map(\.name)
        if let settings = config.bandwidth {
            let plan = try BandwidthPlan.make(config: config, settings: settings, providerIDs: providerIDs, environment: environment)
            let progress = RunProgress(names: names, planned: plan.repeats * (plan.uploadBytes == nil ? 1 : 2))
            let reporter = Task { await Self.showProgress(progress, timeBase: timeBase, duration: nil, writer: writer, stop: stop) }
            let outcome = await BandwidthProbe(plan: plan).run(timeBase: timeBase, sink: sink, progress: progress, stop: stop)
            reporter.cancel()
            _ = await reporter.result
            Terminal.endProgress()
            guard outcome == .complete else { return outcome }
        }
        if let settings = config.load {
            let plan = try LoadPlan.make(config: config, settings: settings, providerIDs: providerIDs, environment: environment,
                                         openFileLimit: OpenFileLimit.current)
            let progress = RunProgress(names: names, planned: 0)
            let reporter = Task {
                await Self.showProgress(progress, timeBase: timeBase, duration: nil, writer: writer, stop: stop)
            }
            let summary = await LoadProbe(plan: plan).run(timeBase: timeBase, sink: sink, intervals: writer,
                                                          progress: progress, stop: stop)
            reporter.cancel()
            _ = await reporter.result
            Terminal.endProgress()
            for row in summary.rows {
                let target = row.targetRate.map { String(format: "%.0f/s", $0) } ?? "max"
                Terminal.status(String(format: "load %@: %.0f req/s ok (target %@), %d sent, %d late, %d unsent, %d errors",
                                       row.provider.name, row.achievedRate, target, row.sent, row.late, row.unsent,
                                       row.errorCount))
            }
            return summary.outcome
        }
        return .complete
    }
}

/// The process's open-file limit (`RLIMIT_NOFILE`): every load connection holds a descriptor.
enum OpenFileLimit {
    /// The soft limit now.
    static var current: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return Int(clamping: limit.rlim_cur)
    }

    /// Raises the soft limit to `needed` when the hard limit allows; returns the soft limit after.
    static func raise(to needed: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return current }
        if Int(clamping: limit.rlim_cur) < needed {
            limit.rlim_cur = min(rlim_t(needed), limit.rlim_max)
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return current
    }
}

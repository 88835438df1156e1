import Foundation
import SondeCore
import SondeProbes
import SondeStore

/// The heartbeat probe of a run: it runs alongside the other probes, from the run's start, on
/// its own thread and schedule, into the same run.
extension RunSession {
    /// Builds the heartbeat plan once with placeholder ids, so a missing `${ENV}` fails before
    /// the database is touched.
    func validateAvailabilityPlan(providerIDs: [String: Int64]) throws {
        if let settings = config.availability {
            _ = try LatencyPlan.availability(config: config, settings: settings, providerIDs: providerIDs,
                                             environment: environment, duration: duration)
        }
    }

    /// Starts the configured heartbeat probe, if any: it sends until its `duration` (or the
    /// run's, when shorter) and stores every attempt as a sample of probe `availability`. The
    /// run waits for it before finishing.
    func startAvailabilityProbe(providerIDs: [String: Int64], timeBase: TimeBase, sink: any SampleSink,
                                stop: StopSignal) throws -> Task<LatencyProbe.Outcome, Never>? {
        guard let settings = config.availability else { return nil }
        let plan = try LatencyPlan.availability(config: config, settings: settings, providerIDs: providerIDs,
                                                environment: environment, duration: duration)
        return Task {
            // Not shown live: the other probes own the progress line.
            let progress = RunProgress(targets: plan.targets)
            let outcome = await LatencyProbe(plan: plan).run(timeBase: timeBase, sink: sink, progress: progress, stop: stop)
            for counts in progress.snapshot() {
                Terminal.status("availability \(counts.name): \(counts.attempts - counts.errors) ok, \(counts.errors) failed heartbeats")
            }
            return outcome
        }
    }

    /// Feeds the run's availability to live metrics (`sonde schedule --metrics-port`): per
    /// provider the heartbeat availability of this run and one count per interruption, computed
    /// from the stored heartbeats by the same analysis the report uses.
    func publishAvailability(of record: RunRecord, store: SampleStore) {
        guard let metrics, let settings = config.availability,
              let data = try? store.load(record, probe: .availability), !data.series.isEmpty else { return }
        let analysis = AvailabilityAnalysis(data.series, failuresToInterrupt: settings.failuresToInterrupt,
                                            confidence: config.analysis.confidence, job: settings.job)
        for row in analysis.rows {
            if let ratio = row.availability { metrics.record(.availability(provider: row.provider, ratio: ratio)) }
            for _ in 0..<row.interruptions { metrics.record(.interruption(provider: row.provider)) }
        }
    }
}

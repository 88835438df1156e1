import Foundation
import SondeCore
import SondeProbes
import SondeStore

/// The heartbeat probe's live metrics: the runner runs the heartbeat itself (alongside the
/// other probes, from the run's start).
extension RunSession {
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

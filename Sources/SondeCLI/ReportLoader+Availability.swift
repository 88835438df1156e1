import SondeCore
import SondeReport
import SondeStore

extension ReportLoader {
    /// Adds the availability analysis of `record` to `input` when it has heartbeats; the
    /// interruption rule, the job and the confidence come from the run's stored configuration.
    static func addAvailability(to input: inout ReportInput, store: SampleStore, record: RunRecord) throws {
        let data = try store.load(record, probe: .availability)
        guard !data.series.isEmpty else { return }
        let config = try? ConfigLoader.parse(record.info.configText, source: "<stored config>")
        let settings = config?.availability ?? AvailabilitySettings()
        let analysis = AvailabilityAnalysis(data.series, failuresToInterrupt: settings.failuresToInterrupt,
                                            confidence: config?.analysis.confidence ?? 0.95, job: settings.job)
        input.availability = analysis
        input.variance?.addAvailability(analysis)
    }
}

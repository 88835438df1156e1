import SondeCore
import SondeReport
import SondeStore

extension ReportLoader {
    /// The bandwidth and load analyses of `record`, each nil when the run has no such data. The
    /// load probe's target rate comes from the run's stored configuration.
    static func throughputAnalyses(store: SampleStore, record: RunRecord) throws -> (ThroughputAnalysis?, LoadAnalysis?) {
        let config = try? ConfigLoader.parse(record.info.configText, source: "<stored config>")
        let bandwidth = try store.loadBandwidth(record)
        let throughput = bandwidth.isEmpty ? nil : ThroughputAnalysis(bandwidth, confidence: config?.analysis.confidence ?? 0.95)
        let intervals = try store.loadIntervals(record)
        let load = intervals.isEmpty ? nil : LoadAnalysis(intervals, targetRate: config?.load?.rate)
        return (throughput, load)
    }
}

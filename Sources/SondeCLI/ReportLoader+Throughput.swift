import SondeCore
import SondeReport
import SondeStore

extension ReportLoader {
    /// Adds the bandwidth and load analyses of `record` to `input` when it has such data. The
    /// load probe's target rate comes from the run's stored configuration.
    static func addThroughput(to input: inout ReportInput, store: SampleStore, record: RunRecord) throws {
        let config = try? ConfigLoader.parse(record.info.configText, source: "<stored config>")
        let bandwidth = try store.loadBandwidth(record)
        if !bandwidth.isEmpty {
            input.throughput = ThroughputAnalysis(bandwidth, confidence: config?.analysis.confidence ?? 0.95)
        }
        let intervals = try store.loadIntervals(record)
        if !intervals.isEmpty {
            input.load = LoadAnalysis(intervals, targetRate: config?.load?.rate)
        }
    }
}

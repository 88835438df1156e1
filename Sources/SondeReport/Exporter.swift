import SondeCore

/// What every exporter renders from: the analysis of the selected run (`RunAnalysis`, Core).
public typealias ReportInput = RunAnalysis

/// Turns a report into bytes. Exporters never write files: the CLI decides where bytes go.
public protocol Exporter: Sendable {
    func export(_ input: ReportInput) -> [UInt8]
}

/// The formats `sonde report --format` accepts.
public enum ReportFormat: String, Sendable, CaseIterable {
    case md
    case csv
    case json
    /// One row per raw sample.
    case samples
    /// One self-contained page with inline SVG charts.
    case html
    /// Bencher Metric Format: latency quantiles and error rate per provider, with intervals.
    case bmf
    /// github-action-benchmark's `customSmallerIsBetter` JSON.
    case gab
    /// HdrHistogram interval logs of the load probe's intervals and of latency per 10 s.
    case hlog
    /// OpenMetrics text of a run's summary, under the names of `sonde schedule`'s live metrics.
    case openmetrics

    /// The exporter of this format.
    public var exporter: any Exporter {
        switch self {
        case .md: return MarkdownExporter()
        case .csv: return CSVExporter()
        case .json: return JSONExporter()
        case .samples: return SamplesCSVExporter()
        case .html: return HTMLExporter()
        case .bmf: return BMFExporter()
        case .gab: return GABExporter()
        case .hlog: return HlogExporter()
        case .openmetrics: return OpenMetricsExporter()
        }
    }
}

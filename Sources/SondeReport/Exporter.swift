import SondeCore

/// What every exporter renders from: the stored data and its analysis. Grows as analyses do.
public struct ReportInput: Sendable {
    public var data: RunData
    public var latency: LatencyAnalysis
    /// The bandwidth probe's analysis, when the run has bandwidth samples.
    public var throughput: ThroughputAnalysis? = nil
    /// The load probe's analysis, when the run has load intervals.
    public var load: LoadAnalysis? = nil
    /// The LLM probe's analysis, when the run has LLM requests.
    public var llm: LLMAnalysis? = nil

    public init(data: RunData) {
        self.data = data
        self.latency = LatencyAnalysis(data)
    }
}

/// Turns a report into bytes. Exporters never write files: the CLI decides where bytes go.
public protocol Exporter: Sendable {
    func export(_ input: ReportInput) -> [UInt8]
}

/// The formats `sonde report --format` accepts.
public enum ReportFormat: String, Sendable, CaseIterable {
    case md
    case csv
    /// One row per raw sample.
    case samples

    /// The exporter of this format.
    public var exporter: any Exporter {
        switch self {
        case .md: return MarkdownExporter()
        case .csv: return CSVExporter()
        case .samples: return SamplesCSVExporter()
        }
    }
}

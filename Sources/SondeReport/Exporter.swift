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

    /// The exporter of this format.
    public var exporter: any Exporter {
        switch self {
        case .md: return MarkdownExporter()
        case .csv: return CSVExporter()
        case .json: return JSONExporter()
        case .samples: return SamplesCSVExporter()
        case .html: return HTMLExporter()
        }
    }
}

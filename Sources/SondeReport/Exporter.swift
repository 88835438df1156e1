import SondeCore

/// What every exporter renders from: the stored data and its analysis. Grows as analyses do.
public struct ReportInput: Sendable {
    public var data: RunData
    public var latency: LatencyAnalysis
    /// The comparison with the baseline, when there is one.
    public var variance: VarianceAnalysis?
    /// Why `variance` is missing, when it is.
    public var varianceNote: String?
    /// How the report was produced (the command, seeds, sample counts), when a command says so.
    public var provenance: String?
    /// The bandwidth probe's analysis, when the run has bandwidth samples.
    public var throughput: ThroughputAnalysis? = nil
    /// The load probe's analysis, when the run has load intervals.
    public var load: LoadAnalysis? = nil
    /// The LLM probe's analysis, when the run has LLM requests.
    public var llm: LLMAnalysis? = nil
    /// The LLM probe's raw timings, for the JSON report (and so for gate baselines).
    public var llmSeries: [LLMSeries] = []
    /// The heartbeat probe's analysis, when the run has availability samples.
    public var availability: AvailabilityAnalysis? = nil
    /// Provisioning attempts of the run, when providers were provisioned, and their analysis.
    public var provisions: [ProvisionRecord] = []
    public var provisioning: ProvisioningAnalysis? = nil
    /// What the provisioning times stand for when scaled (the emulated fleet states its scale).
    public var provisioningNote: String? = nil

    /// Analyses `data`; with `options`, also compares every provider with the baseline, using
    /// the bandwidth probe's download rates for throughput when `throughput` has them.
    public init(data: RunData, options: AnalysisOptions? = nil, throughput: ThroughputAnalysis? = nil) throws(VarianceAnalysis.Problem) {
        self.data = data
        self.throughput = throughput
        latency = LatencyAnalysis(data)
        if let options {
            var rates: [String: [Double]] = [:]
            for row in throughput?.rows ?? [] where row.direction == .download {
                rates[row.provider.name] = row.rates
            }
            variance = try VarianceAnalysis(data, latency: latency, options: options, downloadRates: rates)
        } else {
            varianceNote = "no baseline: set analysis.baseline in the configuration or pass --baseline"
        }
    }

    /// The JSON document of this report.
    public var document: ReportDocument {
        var document = ReportDocument(data: data, latency: latency, analysis: variance, analysisNote: varianceNote)
        document.provenance = provenance
        document.availability = availability
        if !llmSeries.isEmpty {
            document.llm = llmSeries.map { .init(provider: $0.provider.name, ttftUs: $0.ttftUs, tpotUs: $0.tpotUs) }
        }
        document.provisioning = provisioning.map { ProvisioningDocument($0, note: provisioningNote) }
        return document
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

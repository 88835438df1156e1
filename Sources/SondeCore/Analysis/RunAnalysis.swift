/// The analysis of a selected run: every probe kind's and every analysis's numbers, built in one
/// place from the stored parts and the settings parsed once from the run's stored configuration.
/// Pure: the same parts and settings give the same numbers. Every report format renders from it.
public struct RunAnalysis: Sendable {
    /// The run and its latency samples.
    public var data: RunData
    /// Per-provider latency statistics of `data`.
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
    /// The load probe's stored intervals per provider (HDR histograms of each interval), for
    /// exports that carry them (`sonde report --format hlog`).
    public var loadIntervals: [(provider: Provider, intervals: [LoadInterval])] = []
    /// The LLM probe's analysis, when the run has LLM requests outside a capacity sweep (a
    /// sweep's steps are reported per step in `capacity`: pooled, they would be misleading).
    public var llm: LLMAnalysis? = nil
    /// The capacity sweep's steps and knees, when providers swept (`probes.llm.sweep`).
    public var capacity: CapacityReport? = nil
    /// The LLM probe's raw timings, for the JSON report (and so for gate baselines).
    public var llmSeries: [LLMSeries] = []
    /// The heartbeat probe's analysis, when the run has availability samples.
    public var availability: AvailabilityAnalysis? = nil
    /// Provisioning attempts of the run, when providers were provisioned, and their analysis.
    public var provisions: [ProvisionRecord] = []
    /// Time to provision per provider and stage, from `provisions`.
    public var provisioning: ProvisioningAnalysis? = nil
    /// What the provisioning times stand for when scaled (the emulated fleet states its scale).
    public var provisioningNote: String? = nil
    /// How the settings were read (e.g. keys of a newer sonde that were ignored).
    public var notes: [String] = []
    /// Every other probe kind's attempts (`RunParts.attempts`, e.g. `tcp`: `total` is the time
    /// to an established connection), analysed like latency attempts, by kind.
    public var attempts: [ProbeKind: LatencyAnalysis] = [:]
    /// Which provider for each configured workload, when the run's providers are priced
    /// (`decide(prices:config:)`, RunAnalysis+Decision.swift).
    public var decision: DecisionAnalysis? = nil
    /// The LLM probe's requests as stored, for inference verdicts (`decide`).
    public var llmRequests: [LLMProviderData] = []
    /// Per provider and vantage point, when several vantage points of one plan are pooled
    /// (`init(pooling:settings:baseline:)`, RunAnalysis+Vantage.swift).
    public var vantages: VantageAnalysis? = nil

    /// Analyses `data`; with `options`, also compares every provider with the baseline, using
    /// the bandwidth probe's download rates for throughput when `throughput` has them.
    public init(data: RunData, options: AnalysisOptions? = nil, throughput: ThroughputAnalysis? = nil,
                availability: AvailabilityAnalysis? = nil) throws(VarianceAnalysis.Problem) {
        self.data = data
        self.throughput = throughput
        self.availability = availability
        latency = LatencyAnalysis(data)
        if let options {
            var rates: [String: [Double]] = [:]
            for row in throughput?.rows ?? [] where row.direction == .download {
                rates[row.provider.name] = row.rates
            }
            variance = try VarianceAnalysis(data, latency: latency, options: options, downloadRates: rates, availability: availability)
        } else {
            varianceNote = "no baseline: set analysis.baseline in the configuration or pass --baseline"
        }
    }

    /// Analyses every stored part of a run with the settings it was made with. The baseline is
    /// `baseline` (the command line), else the configuration's, else the run's only centralized
    /// provider; without one there is no comparison, and the report says why.
    public init(_ parts: RunParts, settings: StoredSettings, baseline: String? = nil) throws(VarianceAnalysis.Problem) {
        let analysis = settings.analysis
        let confidence = analysis.confidence
        let throughput = parts.bandwidth.isEmpty ? nil : ThroughputAnalysis(parts.bandwidth, confidence: confidence)
        let availability: AvailabilityAnalysis? = parts.heartbeats.isEmpty ? nil : {
            let rules = settings.availability
            return AvailabilityAnalysis(parts.heartbeats, failuresToInterrupt: rules.failuresToInterrupt, confidence: confidence, job: rules.job)
        }()
        let centralized = parts.latency.series.filter { $0.provider.kind == .centralized }
        let name = baseline ?? analysis.baseline ?? (centralized.count == 1 ? centralized[0].provider.name : nil)
        try self.init(data: parts.latency, options: name.map(analysis.options(baseline:)), throughput: throughput,
                      availability: availability)
        if !parts.loadIntervals.isEmpty {
            load = LoadAnalysis(parts.loadIntervals, targetRate: settings.config?.load?.rate)
            loadIntervals = parts.loadIntervals
        }
        if !parts.llm.isEmpty {
            let plain = parts.llm.filter { !CapacityReport.isSweep($0) }
            if !plain.isEmpty { llm = LLMAnalysis(plain, sloTTFT: settings.config?.llm?.sloTTFT, sloTPOT: settings.config?.llm?.sloTPOT) }
            llmSeries = parts.llm.map(LLMSeries.init)
            llmRequests = parts.llm
            capacity = Self.capacity(parts, settings: settings)
        }
        if !parts.provisions.isEmpty {
            provisions = parts.provisions
            provisioning = ProvisioningAnalysis(records: parts.provisions)
            provisioningNote = Self.timeScaleNote(settings.config?.providers ?? [])
        }
        for (kind, series) in parts.attempts { attempts[kind] = LatencyAnalysis(RunData(run: parts.run, series: series)) }
        notes = settings.notes
    }

    /// What a measured provisioning second stands for when the emulator scaled its model.
    static func timeScaleNote(_ providers: [ProviderConfig]) -> String? {
        let scaled = providers.compactMap { provider -> String? in
            guard let scale = provider.provision?.timeScale, scale != 1 else { return nil }
            return "\(provider.name) 1:\(scale == scale.rounded() ? String(Int(scale)) : String(scale))"
        }
        guard !scaled.isEmpty else { return nil }
        return "Emulated providers: the emulator divides its modelled provisioning times by the scale shown "
            + "(\(scaled.joined(separator: ", "))), so a measured second stands for that many modelled seconds."
    }

    /// The JSON document of this analysis, without its sections (the exporter adds them).
    public var document: ReportDocument {
        var document = ReportDocument(data: data, latency: latency, analysis: variance, analysisNote: varianceNote)
        document.provenance = provenance
        document.availability = availability
        if !llmSeries.isEmpty {
            // A sweep's steps run at different offered rates: one entry per step, never pooled.
            let swept = llmRequests.filter(CapacityReport.isSweep)
            let sweptNames = Set(swept.map(\.provider.name))
            document.llm = llmSeries.filter { !sweptNames.contains($0.provider.name) }
                .map { .init(provider: $0.provider.name, ttftUs: $0.ttftUs, tpotUs: $0.tpotUs) }
                + swept.flatMap { data in LLMStepTimings.steps(data).map { ReportDocument.LLMRaw(provider: data.provider.name, step: $0) } }
        }
        document.capacity = capacity?.document
        document.provisioning = provisioning.map { ProvisioningDocument($0, note: provisioningNote) }
        document.vantages = vantages
        return document
    }
}

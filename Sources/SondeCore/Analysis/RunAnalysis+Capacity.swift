/// The capacity sweep's part of a run's analysis: which providers swept, their steps and knees
/// by name, and the JSON form a committed baseline carries for the capacity gate rule.
public struct CapacityReport: Sendable, Equatable {
    /// One provider's sweep, with its name.
    public struct Provider: Sendable, Equatable {
        public var name: String
        public var sweep: CapacityAnalysis.Provider

        public init(name: String, sweep: CapacityAnalysis.Provider) {
            self.name = name
            self.sweep = sweep
        }
    }

    /// Providers in name order.
    public var providers: [Provider]
    public var sloTTFT: Duration?
    public var sloTPOT: Duration?
    /// The share of requests that must meet the SLO for a rate to pass.
    public var target: Double

    /// The sweep of the providers in `data` that swept: a provider whose stored LLM samples
    /// include a step above 0 (`LLMSweepSequence`; every sweep runs the throughput ceiling as
    /// step 1, and the plain LLM probe numbers its requests from 0 well below the stride).
    /// `nil` when none did.
    public init?(_ data: [LLMProviderData], sloTTFT: Duration?, sloTPOT: Duration?, target: Double) {
        let swept = data.filter(Self.isSweep)
        guard !swept.isEmpty else { return nil }
        var names: [Int64: String] = [:]
        for provider in swept {
            for sample in provider.samples { names[sample.providerID] = provider.provider.name }
        }
        let analysis = CapacityAnalysis(swept, sloTTFT: sloTTFT, sloTPOT: sloTPOT, target: target)
        providers = analysis.providers.compactMap { sweep in names[sweep.providerID].map { Provider(name: $0, sweep: sweep) } }
            .sorted { $0.name < $1.name }
        self.sloTTFT = sloTTFT
        self.sloTPOT = sloTPOT
        self.target = target
    }

    /// Whether a provider's stored LLM requests come from a capacity sweep.
    public static func isSweep(_ data: LLMProviderData) -> Bool {
        data.samples.contains { LLMSweepSequence.step(of: $0.sequence) > 0 }
    }

    /// The SLO in words, e.g. "TTFT ≤ 200 ms and TPOT ≤ 25 ms"; empty without one.
    public var sloText: String {
        [sloTTFT.map { "TTFT ≤ \(Grammar.format($0))" }, sloTPOT.map { "TPOT ≤ \(Grammar.format($0))" }]
            .compactMap { $0 }.joined(separator: " and ")
    }

    /// The JSON form: per provider the steps and the knee (`ReportDocument.capacity`).
    public var document: [CapacityDocument] {
        providers.map { provider in
            CapacityDocument(provider: provider.name, target: target, sloTTFTUs: sloTTFT?.microseconds,
                             sloTPOTUs: sloTPOT?.microseconds, knee: provider.sweep.knee, steps: provider.sweep.steps)
        }
    }
}

/// One provider's capacity sweep in the JSON report (`capacity`, docs/json-report.md): enough to
/// serve as the baseline of the capacity gate rule (the knee and every step's counts).
public struct CapacityDocument: Sendable, Codable, Equatable {
    public var provider: String
    /// The share of requests that had to meet the SLO for a rate to pass.
    public var target: Double
    /// The SLO the steps were judged by, microseconds; absent when not set.
    public var sloTTFTUs: Int64?
    public var sloTPOTUs: Int64?
    public var knee: CapacityAnalysis.Knee?
    public var steps: [CapacityAnalysis.Step]

    // Keys that survive the JSON report's snake-case round trip.
    enum CodingKeys: String, CodingKey {
        case provider, target, knee, steps
        case sloTTFTUs = "sloTtftUs"
        case sloTPOTUs = "sloTpotUs"
    }

    public init(provider: String, target: Double, sloTTFTUs: Int64?, sloTPOTUs: Int64?, knee: CapacityAnalysis.Knee?,
                steps: [CapacityAnalysis.Step]) {
        self.provider = provider
        self.target = target
        self.sloTTFTUs = sloTTFTUs
        self.sloTPOTUs = sloTPOTUs
        self.knee = knee
        self.steps = steps
    }

    /// The sweep as the gate compares it (no provider id: a document has none).
    public var sweep: CapacityAnalysis.Provider {
        CapacityAnalysis.Provider(providerID: 0, steps: steps, knee: knee)
    }
}

extension RunAnalysis {
    /// The capacity sweep of `parts`, judged by the run's stored SLO and sweep target (0.99 when
    /// the stored configuration has none).
    static func capacity(_ parts: RunParts, settings: StoredSettings) -> CapacityReport? {
        let llm = settings.config?.llm
        return CapacityReport(parts.llm, sloTTFT: llm?.sloTTFT, sloTPOT: llm?.sloTPOT, target: llm?.sweep?.target ?? 0.99)
    }
}

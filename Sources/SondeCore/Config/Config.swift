/// A validated sonde configuration (see docs/config.md). Strings may still hold `${ENV}`
/// references: they are resolved only when a plan is made, so that nothing built from a
/// `Config` can leak a secret.
public struct Config: Sendable, Equatable {
    public var providers: [ProviderConfig]
    public var latency: LatencyProbeSettings
    public var analysis: AnalysisSettings
    /// `probes.bandwidth`, when configured.
    public var bandwidth: BandwidthProbeSettings? = nil
    /// `probes.load`, when configured.
    public var load: LoadProbeSettings? = nil
    /// `probes.llm`, when configured.
    public var llm: LLMProbeSettings? = nil
    /// `probes.availability` (the heartbeat probe), when configured.
    public var availability: AvailabilitySettings? = nil
    /// The sections of probe kinds written on the seam (`ProbeSettings`), by kind.
    public var sections = ProbeSections()
    /// `workloads:`, evaluated for every priced provider (docs/decision.md).
    public var workloads: [Workload] = []
    /// `prices:`: the report's one currency and conversion rates.
    public var currency: CurrencySettings = .init()
    /// Whether the latency probe runs: no `probes` section, or one that names `latency`.
    public var runsLatency: Bool = true
    /// Where the configuration came from (a path, or `<demo>`), for error messages.
    public var source: String
    /// The file as written, with `${ENV}` references unresolved.
    public var text: String

    public init(providers: [ProviderConfig], latency: LatencyProbeSettings = .init(),
                analysis: AnalysisSettings = .init(), source: String, text: String) {
        self.providers = providers
        self.latency = latency
        self.analysis = analysis
        self.source = source
        self.text = text
    }
}

/// One provider entry. Optional probe keys override the probe defaults for this provider.
public struct ProviderConfig: Sendable, Equatable {
    public var name: String
    public var kind: ProviderKind
    public var region: String
    public var jurisdiction: String
    /// An http(s) URL, possibly with `${ENV}` references.
    public var endpoint: String
    /// Request headers, values possibly with `${ENV}` references.
    public var headers: [String: String]
    public var interval: Duration?
    public var samples: Int?
    public var timeout: Duration?
    public var reuse: Bool?
    /// TLS certificate verification; only an explicit `tls: {verify: false}` turns it off.
    public var verifyTLS: Bool
    /// Overrides `probes.bandwidth.path` for this provider.
    public var bandwidthPath: String? = nil
    /// How to obtain a machine before probing it (`provision:`), when the provider has one.
    public var provision: ProvisionSettings? = nil
    /// `price`, `billing` and `wait`, when the provider has a price.
    public var pricing: ProviderPricing? = nil

    public init(name: String, kind: ProviderKind, region: String, jurisdiction: String = "", endpoint: String,
                headers: [String: String] = [:], interval: Duration? = nil, samples: Int? = nil,
                timeout: Duration? = nil, reuse: Bool? = nil, verifyTLS: Bool = true) {
        self.name = name
        self.kind = kind
        self.region = region
        self.jurisdiction = jurisdiction
        self.endpoint = endpoint
        self.headers = headers
        self.interval = interval
        self.samples = samples
        self.timeout = timeout
        self.reuse = reuse
        self.verifyTLS = verifyTLS
    }

    /// The provider as stored: identity and the unresolved endpoint.
    public var provider: Provider {
        Provider(name: name, kind: kind, region: region, jurisdiction: jurisdiction, endpoint: endpoint)
    }
}

/// Defaults of the HTTP latency probe (`probes.latency`).
public struct LatencyProbeSettings: Sendable, Equatable {
    /// Time between intended sends, per provider.
    public var interval: Duration
    /// Attempts per provider; a run stops at the first of this or `--duration`.
    public var samples: Int
    /// Whole-attempt timeout.
    public var timeout: Duration
    /// Measure warm connections (`true`) or a fresh connection every attempt (`false`).
    public var reuse: Bool

    public init(interval: Duration = .milliseconds(200), samples: Int = 1000,
                timeout: Duration = .seconds(5), reuse: Bool = false) {
        self.interval = interval
        self.samples = samples
        self.timeout = timeout
        self.reuse = reuse
    }
}

/// The `analysis` section.
public struct AnalysisSettings: Sendable, Equatable {
    /// The provider every other one is compared with.
    public var baseline: String?
    /// Confidence level of intervals.
    public var confidence: Double
    /// Bootstrap resamples per side.
    public var resamples: Int
    /// Bootstrap seed.
    public var seed: UInt64
    /// Inference verdict: the largest acceptable p99 of total latency.
    public var inferenceP99: Duration
    /// The largest acceptable share of failed attempts.
    public var maxErrorRate: Double
    /// Training verdict: the smallest acceptable throughput relative to the baseline.
    public var minThroughputRatio: Double

    public init(baseline: String? = nil, confidence: Double = 0.95, resamples: Int = 2000, seed: UInt64 = 20_261_125,
                inferenceP99: Duration = .milliseconds(250), maxErrorRate: Double = 0.01, minThroughputRatio: Double = 0.8) {
        self.baseline = baseline
        self.confidence = confidence
        self.resamples = resamples
        self.seed = seed
        self.inferenceP99 = inferenceP99
        self.maxErrorRate = maxErrorRate
        self.minThroughputRatio = minThroughputRatio
    }

    /// The analysis options with `baseline`.
    public func options(baseline: String) -> AnalysisOptions {
        AnalysisOptions(baseline: baseline, confidence: confidence, resamples: resamples, seed: seed,
                        inferenceSloP99Us: Double(inferenceP99.microseconds), maxErrorRate: maxErrorRate,
                        minThroughputRatio: minThroughputRatio)
    }
}

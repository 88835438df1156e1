/// One provider's LLM requests as stored: the `samples` rows (probe `llm`) and the matching
/// `llm_requests` records, both in sequence order.
public struct LLMProviderData: Sendable {
    public var provider: Provider
    public var samples: [Sample]
    /// Keyed by sequence; a failed request may have one too (with a `retry_after_s`, say).
    public var records: [Int64: LLMRequestRecord]

    public init(provider: Provider, samples: [Sample], records: [LLMRequestRecord]) {
        self.provider = provider
        self.samples = samples
        self.records = Dictionary(records.map { ($0.sequence, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Successful requests with their records, in sequence order.
    public var succeeded: [(sample: Sample, record: LLMRequestRecord)] {
        samples.compactMap { sample in
            guard sample.succeeded, let record = records[sample.sequence] else { return nil }
            return (sample, record)
        }
    }
}

/// Per-request TTFT and TPOT of one provider's successful LLM requests, in sequence order: the
/// values gate rules such as `p50_ttft` or `p99_tpot` are computed from (pure; no I/O).
public struct LLMSeries: Sendable, Equatable {
    public var provider: Provider
    /// Time to first token per successful request with at least one token, microseconds.
    public var ttftUs: [Int64]
    /// Time per output token per successful request with at least two tokens, microseconds.
    public var tpotUs: [Int64]

    public init(provider: Provider, ttftUs: [Int64], tpotUs: [Int64]) {
        self.provider = provider
        self.ttftUs = ttftUs
        self.tpotUs = tpotUs
    }

    public init(_ data: LLMProviderData) {
        let ok = data.succeeded
        self.init(provider: data.provider, ttftUs: ok.compactMap(\.record.ttftUs), tpotUs: ok.compactMap(\.record.tpotUs))
    }

    /// The quantile `p` (type 7) of the TTFTs, or nil without any.
    public func ttftQuantile(_ p: Double) -> Double? { Self.quantile(ttftUs, p) }

    /// The quantile `p` (type 7) of the TPOTs, or nil without any.
    public func tpotQuantile(_ p: Double) -> Double? { Self.quantile(tpotUs, p) }

    static func quantile(_ values: [Int64], _ p: Double) -> Double? {
        values.isEmpty ? nil : Quantile.ofSorted(values.map(Double.init).sorted(), p)
    }
}

/// Per-provider statistics of the LLM probe, in the manner of llmperf and vLLM's serving
/// benchmark: TTFT, inter-token latency and TPOT over successful requests, output tokens per
/// second, errors by class and goodput against the SLOs. Quantiles are type 7.
public struct LLMAnalysis: Sendable {
    public struct Row: Sendable {
        public var provider: Provider
        public var requests: Int
        public var ok: Int
        public var errors: [(errorClass: ErrorClass, count: Int)]
        public var ttft: Descriptive?
        /// Pooled gaps between consecutive content chunks of the requests whose chunks were kept.
        public var itl: Descriptive?
        public var tpot: Descriptive?
        /// All successful requests' output tokens over the span from the first start to the last end.
        public var outputTokensPerSecond: Double?
        /// Median over successful requests of output tokens / total time.
        public var medianRequestTokensPerSecond: Double?
        /// Mean output tokens of a successful request.
        public var meanOutputTokens: Double?
        /// Share of all requests that succeeded and met every configured SLO; nil without SLOs.
        public var goodput: Double?
        /// How many successful requests took their token count from each source.
        public var tokenSources: [TokenSource: Int]
        /// The largest `Retry-After` seen on a 429, seconds.
        public var maxRetryAfterS: Int64?
    }

    public var rows: [Row]
    public var sloTTFT: Duration?
    public var sloTPOT: Duration?

    public init(_ data: [LLMProviderData], sloTTFT: Duration? = nil, sloTPOT: Duration? = nil) {
        self.sloTTFT = sloTTFT
        self.sloTPOT = sloTPOT
        rows = data.map { Self.row($0, sloTTFT: sloTTFT, sloTPOT: sloTPOT) }
    }

    /// Whether a successful request's record meets the SLOs (a missing TPOT, one token, meets it).
    public static func meets(_ record: LLMRequestRecord, sloTTFT: Duration?, sloTPOT: Duration?) -> Bool {
        if let slo = sloTTFT, (record.ttftUs ?? .max) > slo.microseconds { return false }
        if let slo = sloTPOT, let tpot = record.tpotUs, tpot > slo.microseconds { return false }
        return true
    }

    static func row(_ data: LLMProviderData, sloTTFT: Duration?, sloTPOT: Duration?) -> Row {
        let ok = data.succeeded
        var errorCounts: [ErrorClass: Int] = [:]
        for sample in data.samples { if let error = sample.errorClass { errorCounts[error, default: 0] += 1 } }
        let series = LLMSeries(data)
        let gaps = ok.flatMap { $0.record.interTokenUs }.map(Double.init)
        var sources: [TokenSource: Int] = [:]
        for item in ok { sources[item.record.tokensSource, default: 0] += 1 }
        var row = Row(provider: data.provider, requests: data.samples.count, ok: ok.count,
                      errors: errorCounts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                      ttft: Descriptive(series.ttftUs.map(Double.init)), itl: Descriptive(gaps),
                      tpot: Descriptive(series.tpotUs.map(Double.init)), tokenSources: sources)
        row.maxRetryAfterS = data.records.values.compactMap(\.retryAfterS).max()
        if !ok.isEmpty {
            let tokens = ok.reduce(0) { $0 + $1.record.outputTokens }
            row.meanOutputTokens = Double(tokens) / Double(ok.count)
            let start = ok.map(\.sample.startedNs).min()!
            let end = ok.map { $0.sample.startedNs + ($0.sample.totalUs ?? 0) * 1000 }.max()!
            if end > start { row.outputTokensPerSecond = Double(tokens) / (Double(end - start) / 1e9) }
            let rates = ok.compactMap { item -> Double? in
                guard let total = item.sample.totalUs, total > 0 else { return nil }
                return Double(item.record.outputTokens) / (Double(total) / 1e6)
            }.sorted()
            if !rates.isEmpty { row.medianRequestTokensPerSecond = Quantile.ofSorted(rates, 0.5) }
        }
        if (sloTTFT != nil || sloTPOT != nil) && !data.samples.isEmpty {
            let good = ok.filter { meets($0.record, sloTTFT: sloTTFT, sloTPOT: sloTPOT) }.count
            row.goodput = Double(good) / Double(data.samples.count)
        }
        return row
    }
}

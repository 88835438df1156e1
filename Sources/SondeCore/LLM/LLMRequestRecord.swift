/// Where an LLM request's output-token count came from.
public enum TokenSource: String, Sendable, Codable, CaseIterable, Hashable {
    /// The server's `usage.completion_tokens`.
    case usage
    /// Counted content chunks (the server sent no usage); a chunk may hold more than one token.
    case counted
}

/// The per-token statistics of one streamed LLM request, beside its `Sample` (probe `llm`,
/// same provider and sequence; `ttfbUs` there is the TTFT). Times are microseconds from the
/// request's start.
public struct LLMRequestRecord: Sendable, Equatable {
    public var providerID: Int64
    public var sequence: Int64
    /// Time to first token: the first chunk with non-empty content.
    public var ttftUs: Int64?
    /// Time per output token after the first: (end − first token) / (tokens − 1).
    public var tpotUs: Int64?
    public var outputTokens: Int
    public var tokensSource: TokenSource
    /// `usage.prompt_tokens` when the server sent it.
    public var promptTokens: Int?
    /// Inter-token latencies (gaps between consecutive content chunks) summarised.
    public var itlP50Us: Int64?
    public var itlP99Us: Int64?
    public var itlMaxUs: Int64?
    /// `Retry-After` of a 429, in seconds.
    public var retryAfterS: Int64?
    /// Arrival offsets of the content chunks; empty when not kept (over `chunk_cap`).
    public var chunkOffsetsUs: [Int64]

    public init(providerID: Int64, sequence: Int64, ttftUs: Int64? = nil, tpotUs: Int64? = nil, outputTokens: Int = 0,
                tokensSource: TokenSource = .counted, promptTokens: Int? = nil, itlP50Us: Int64? = nil,
                itlP99Us: Int64? = nil, itlMaxUs: Int64? = nil, retryAfterS: Int64? = nil, chunkOffsetsUs: [Int64] = []) {
        self.providerID = providerID
        self.sequence = sequence
        self.ttftUs = ttftUs
        self.tpotUs = tpotUs
        self.outputTokens = outputTokens
        self.tokensSource = tokensSource
        self.promptTokens = promptTokens
        self.itlP50Us = itlP50Us
        self.itlP99Us = itlP99Us
        self.itlMaxUs = itlMaxUs
        self.retryAfterS = retryAfterS
        self.chunkOffsetsUs = chunkOffsetsUs
    }

    /// Inter-token latencies from the chunk offsets.
    public var interTokenUs: [Int64] {
        guard chunkOffsetsUs.count > 1 else { return [] }
        return (1..<chunkOffsetsUs.count).map { chunkOffsetsUs[$0] - chunkOffsetsUs[$0 - 1] }
    }

    /// The record of a stream whose content chunks arrived at `offsetsUs` (from the request's
    /// start) and which ended at `endUs`. `usageTokens` wins over the chunk count when present.
    public static func summarise(providerID: Int64, sequence: Int64, offsetsUs: [Int64], endUs: Int64,
                                 usageTokens: Int?, promptTokens: Int?) -> LLMRequestRecord {
        var record = LLMRequestRecord(providerID: providerID, sequence: sequence, promptTokens: promptTokens,
                                      chunkOffsetsUs: offsetsUs)
        record.outputTokens = usageTokens ?? offsetsUs.count
        record.tokensSource = usageTokens == nil ? .counted : .usage
        record.ttftUs = offsetsUs.first
        if let first = offsetsUs.first, record.outputTokens > 1 {
            record.tpotUs = (max(endUs, offsetsUs.last!) - first) / Int64(record.outputTokens - 1)
        }
        let gaps = record.interTokenUs.map(Double.init).sorted()
        if !gaps.isEmpty {
            record.itlP50Us = Int64(Quantile.ofSorted(gaps, 0.5).rounded())
            record.itlP99Us = Int64(Quantile.ofSorted(gaps, 0.99).rounded())
            record.itlMaxUs = Int64(gaps.last!)
        }
        return record
    }
}

/// Where the LLM probe puts its per-request records; cheap to call from a probe's loop.
public protocol LLMRecordSink: Sendable {
    func record(_ request: LLMRequestRecord)
}

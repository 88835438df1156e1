/// Which OpenAI-compatible streaming API the LLM probe calls.
public enum LLMAPI: String, Sendable, Equatable, CaseIterable {
    /// `POST /v1/chat/completions` with `messages`; tokens arrive in `choices[0].delta.content`.
    case chat
    /// `POST /v1/completions` with `prompt`; tokens arrive in `choices[0].text`.
    case completions

    /// The API a path names: anything ending in `/chat/completions` is chat, the rest completions.
    public static func forPath(_ path: String) -> LLMAPI {
        path.hasSuffix("/chat/completions") ? .chat : .completions
    }
}

/// How the LLM probe starts requests: a fixed number in flight (closed loop, as llmperf's
/// `--num-concurrent-requests`) or arrivals at a rate (open loop, as vLLM's serving benchmark
/// `--request-rate`), Poisson by default.
public enum LLMArrivals: Sendable, Equatable {
    case concurrency(Int)
    case rate(Double, ArrivalProcess)
}

/// Defaults of the LLM probe (`probes.llm`): streaming completions from OpenAI-compatible
/// inference servers, timed per token.
public struct LLMProbeSettings: Sendable, Equatable {
    /// The path on each endpoint's origin, `/v1/chat/completions` or `/v1/completions`.
    public var path: String
    /// The `model` field of every request.
    public var model: String
    /// Approximate prompt length in tokens (the generated prompt has this many words).
    public var promptTokens: Int
    /// `max_tokens` of every request.
    public var maxTokens: Int
    public var arrivals: LLMArrivals
    /// Requests per provider; the probe stops at the first of this or `duration`.
    public var requests: Int
    public var duration: Duration
    /// Seeds the generated prompts and the Poisson arrivals.
    public var seed: UInt64
    /// Service-level objectives for goodput: a request is good when it succeeded and met both.
    public var sloTTFT: Duration?
    public var sloTPOT: Duration?
    /// Whole-request timeout.
    public var timeout: Duration
    /// Requests per provider whose per-token arrival offsets are stored in `llm_chunks`.
    public var chunkCap: Int
    /// The capacity sweep (`sweep:`), which replaces `concurrency`/`rate` with its own steps.
    public var sweep: LLMSweepSettings?

    public init(path: String = "/v1/chat/completions", model: String = "default", promptTokens: Int = 256,
                maxTokens: Int = 128, arrivals: LLMArrivals = .concurrency(4), requests: Int = 100,
                duration: Duration = .seconds(60), seed: UInt64 = 7, sloTTFT: Duration? = nil,
                sloTPOT: Duration? = nil, timeout: Duration = .seconds(60), chunkCap: Int = 1000, sweep: LLMSweepSettings? = nil) {
        self.path = path
        self.model = model
        self.promptTokens = promptTokens
        self.maxTokens = maxTokens
        self.arrivals = arrivals
        self.requests = requests
        self.duration = duration
        self.seed = seed
        self.sloTTFT = sloTTFT
        self.sloTPOT = sloTPOT
        self.timeout = timeout
        self.chunkCap = chunkCap
        self.sweep = sweep
    }

    /// The API `path` names.
    public var api: LLMAPI { LLMAPI.forPath(path) }
}

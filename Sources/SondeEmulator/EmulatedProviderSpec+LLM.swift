extension EmulatedProviderSpec {
    /// Token timing of an emulated inference server (fleet key `llm`): a request waits `queue`,
    /// then `prefillPerToken` per prompt token before its first token, then `decode` per further
    /// token. Every one of these waits is multiplied by its own log-normal factor with log-sd
    /// `jitter` and mean 1 (`exp(jitter·Z − jitter²/2)`), so the mean TPOT stays `decode`.
    public struct LLM: Codable, Sendable, Equatable {
        public var queue: Duration
        public var prefillPerToken: Duration
        public var decode: Duration
        public var jitter: Double

        public init(queue: Duration, prefillPerToken: Duration, decode: Duration, jitter: Double = 0) {
            self.queue = queue
            self.prefillPerToken = prefillPerToken
            self.decode = decode
            self.jitter = jitter
        }

        /// The model's time to first token for a prompt of `promptTokens` (jitter aside).
        public func ttft(promptTokens: Int) -> Duration {
            queue + prefillPerToken * promptTokens
        }
    }

    /// A misbehaving LLM stream (fleet key `llm_fault`), for tests of the probe's error classes.
    public enum LLMFault: String, Codable, Sendable, Equatable, CaseIterable {
        /// The event halfway through the stream is cut-off JSON; the stream then goes on to `[DONE]`.
        case brokenJSON = "broken_json"
        /// The stream stops halfway, without usage or `[DONE]`.
        case cut
        /// Every request gets `429 Too Many Requests` with `Retry-After: 2`.
        case rateLimited = "rate_limited"
    }
}

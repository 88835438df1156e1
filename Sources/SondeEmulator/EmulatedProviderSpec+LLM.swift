extension EmulatedProviderSpec {
    /// Token timing of an emulated inference server (fleet key `llm`): a request waits `queue`,
    /// then `prefillPerToken` per prompt token before its first token, then `decode` per further
    /// token. Every one of these waits is multiplied by its own log-normal factor with log-sd
    /// `jitter` and mean 1 (`exp(jitter·Z − jitter²/2)`), so the mean TPOT stays `decode`.
    ///
    /// With a ``Capacity`` the server batches instead of serving every request on its own; see
    /// ``Capacity`` for the step model and ``saturationRate(promptTokens:outputTokens:)``.
    public struct LLM: Codable, Sendable, Equatable {
        public var queue: Duration
        public var prefillPerToken: Duration
        public var decode: Duration
        public var jitter: Double
        /// Continuous batching with a bounded waiting queue, or `nil`: unlimited capacity (every
        /// request timed on its own, however many are in flight).
        public var capacity: Capacity? = nil

        public init(queue: Duration, prefillPerToken: Duration, decode: Duration, jitter: Double = 0,
                    capacity: Capacity? = nil) {
            self.queue = queue
            self.prefillPerToken = prefillPerToken
            self.decode = decode
            self.jitter = jitter
            self.capacity = capacity
        }

        /// The model's time to first token for a prompt of `promptTokens` (jitter aside), for a
        /// request that finds an idle server.
        public func ttft(promptTokens: Int) -> Duration {
            queue + prefillPerToken * promptTokens
                + (capacity == nil ? .zero : decode)
        }

        /// The length of one decode step with `batchSize` sequences in the batch (jitter and
        /// prefill aside): `decode + decode_per_seq × (batchSize − 1)`; `decode` without capacity.
        public func stepTime(batchSize: Int) -> Duration {
            decode + (capacity?.decodePerSequence ?? .zero) * max(0, batchSize - 1)
        }

        /// The request rate (per second) at which the batch stays full, for requests of
        /// `promptTokens` prompt tokens and `outputTokens` output tokens; `nil` without capacity.
        ///
        /// A request holds a batch slot for `N` steps (its first token comes out of the step that
        /// admits it, each further token out of one more step), so a full batch of `B` finishes
        /// `B/N` requests per step, and each step also prefills the `B/N` requests it admits:
        /// `step = s(B) + p·P·B/N`. Requests per second `= (B/N) / step = B / (N·s(B) + B·p·P)`.
        /// Jitter factors have mean one, so they leave the mean step, and this rate, unchanged.
        public func saturationRate(promptTokens: Int, outputTokens: Int) -> Double? {
            guard let capacity else { return nil }
            let b = Double(capacity.batch), n = Double(max(1, outputTokens))
            let step = stepTime(batchSize: capacity.batch).secondsValue
            return b / (n * step + b * prefillPerToken.secondsValue * Double(promptTokens))
        }
    }

    /// The capacity of an emulated inference server (keys `batch`, `decode_per_seq`,
    /// `queue_limit` of `llm`): continuous batching as vLLM and TGI do it. The server runs in
    /// steps; at the start of each it admits waiting requests (first come, first served) while
    /// fewer than `batch` sequences run, and the step takes
    /// `decode + decode_per_seq·(b − 1) + prefill_per_token·(prompt tokens admitted)` for `b`
    /// running sequences (the prefill of a new request holds up the whole batch, as without
    /// chunked prefill). Every running sequence gets one token at the end of the step; a
    /// sequence leaves the batch with its last token. At most `queueLimit` requests wait for a
    /// slot; beyond that a request is answered 503 at once.
    public struct Capacity: Codable, Sendable, Equatable {
        /// `B`: the most sequences decoded together.
        public var batch: Int
        /// What each sequence beyond the first adds to a decode step.
        public var decodePerSequence: Duration
        /// `Q`: the most requests waiting for a slot; `nil` for no bound.
        public var queueLimit: Int?

        public init(batch: Int, decodePerSequence: Duration = .zero, queueLimit: Int? = nil) {
            self.batch = batch
            self.decodePerSequence = decodePerSequence
            self.queueLimit = queueLimit
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

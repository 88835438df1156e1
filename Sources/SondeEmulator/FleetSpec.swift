import SondeCore

/// A fleet of emulated providers, as written in a fleet file.
///
/// # Fleet file format
///
/// A fleet file is YAML with two top-level keys. Unknown keys are errors, and every error
/// names the file, the line and the field: `fleet.yaml:7: providers[0].latency.median: ...`.
///
/// ```yaml
/// seed: 42                      # optional, default 0: makes every delay reproducible
/// providers:
///   - name: cloud-us-east       # required, unique; letters, digits, '.', '_' and '-'
///     kind: centralized         # required: depin | centralized
///     region: us-east           # required
///     jurisdiction: US          # optional
///     latency: { median: 40ms, sigma: 0.12 }                      # required
///     spikes: { probability: 0.005, median: 150ms, sigma: 0.5 }   # optional
///     episodes: { every: 30s, duration: 4s, multiplier: 2.5 }     # optional
///     fault: none               # optional: none | refuse | stall | reset | truncate | status:N | dribble:RATE
///     fault_schedule: { every: 10s, duration: 3s }   # optional: the fault only in these windows
///     fault_probability: 0.3    # optional: the fault only on this share of requests (seeded)
///     require_header: { name: Authorization, value: "Bearer xyz" }   # optional: 401 without it
///     body: 256B                # optional: exact /health body size; default a small JSON
///     bandwidth: { rate: 100MiB/s, jitter: 0.1 }   # optional: /blob/<size> and /upload speed
///     llm: { queue: 20ms, prefill_per_token: 0.2ms, decode: 25ms, jitter: 0.1 }   # optional
///     llm_fault: broken_json    # optional, for tests: broken_json | cut | rate_limited
///     change: { after: 200s, median_factor: 1.5 }   # optional: a planted change
/// ```
///
/// - `latency`: the server waits a log-normal time before the first byte: `median` is its
///   median (`exp(mu)`) and `sigma` the standard deviation of its logarithm (0 to 4).
/// - `spikes`: a fraction `probability` (0 to 1) of requests get an extra log-normal delay
///   with its own `median` and `sigma`, added after the episode factor.
/// - `episodes`: slow periods that start as a Poisson process (exponential gaps with mean
///   `every`), last `duration` and multiply the wait of every request that arrives during them
///   by `multiplier` (> 0). Their timing depends only on the seed and on the time since the
///   fleet started, so consecutive requests in an episode are all slow, as on a real network.
///   Overlapping episodes merge; the expected share of time spent slow is
///   `1 - exp(-duration/every)`.
/// - `fault`: `refuse` leaves the port closed (connections are refused), `stall` accepts each
///   request and never answers it, `status:N` answers status N after the model's delay (429 with
///   `Retry-After: 1`), `reset` sends half the announced body then a TCP RST, `truncate` half
///   the announced body then FIN, `dribble:RATE` the body at RATE bytes per second. See
///   ``EmulatedProviderSpec/Fault``.
/// - `fault_schedule`: the fault applies in the first `duration` of every `every` since the
///   fleet started; `fault_probability`: to this seeded share of requests (inside the windows).
/// - `require_header`: requests without exactly this header get 401; the fleet counts both
///   (``EmulatedFleet/authorizedRequests(provider:)``).
/// - `body`: a whole number of bytes with a unit, `B`, `KiB`, `MiB`, `kB` or `MB` (`256B`,
///   `4KiB`; at most 64MiB): the `/health` body is the default JSON padded with spaces (still
///   valid JSON), or cut, to exactly that size.
///
/// - `bandwidth`: `rate` in bytes (`100MiB/s`, `50MB/s`) or bits (`800Mbit/s`, `1Gbit/s`) per
///   second, shared by all of the provider's transfers (a token bucket); `jitter` (0 to 2,
///   default 0) is the log-sd of a per-transfer factor on the rate. `GET /blob/<size>`
///   (`/blob/64MiB`, `/blob/1000000`) sends a generated body of that size after the latency
///   model's wait, paced at the rate; `PUT`/`POST /upload` reads the body at the rate, then
///   answers `{"bytes":N}` at once. Without `bandwidth` both are unshaped.
///
/// - `llm`: serves OpenAI-compatible `POST /v1/chat/completions` and `/v1/completions`
///   (streamed as server-sent events or whole). The first token comes `queue` plus
///   `prefill_per_token` × prompt words after the request arrives, each further token `decode`
///   later; every wait has a mean-one log-normal factor with log-sd `jitter` (0 to 2). Output is
///   exactly `max_tokens` tokens (default 16); usage is sent when `stream_options.include_usage`
///   is true. `llm_fault`: `broken_json` (one chunk is cut-off JSON), `cut` (the stream stops
///   halfway, no `[DONE]`), `rate_limited` (429 with `Retry-After: 2`). See
///   ``EmulatedProviderSpec/LLM``. With `batch: B` (and optional `decode_per_seq`, `queue_limit`)
///   the provider is one continuous-batching server that queues and saturates instead; see
///   ``EmulatedProviderSpec/Capacity`` and docs/fleet.md for the saturation rate.
/// - `change: { after: 200s, median_factor: 1.5, sigma: 0.3 }`: a planted change of the latency
///   model from `after` on; see ``EmulatedProviderSpec/Change``.
///
/// Durations use the configuration grammar: `250us`, `40ms`, `1.5s`, `2m`. Every other path
/// answers like `/health`. Each provider's randomness is derived from `seed` and its name, so
/// adding or reordering providers does not change the others' behaviour.
public struct FleetSpec: Codable, Sendable, Equatable {
    /// The seed from which every provider's delays and episode schedule are derived.
    public var seed: UInt64
    /// The emulated providers, in file order.
    public var providers: [EmulatedProviderSpec]
    /// Every provisioning wait is divided by this (fleet key `provisioning_scale`), so that
    /// modelled minutes pass in demo seconds; reports state it.
    public var provisioningScale: Double = 1

    /// Creates a fleet spec.
    public init(seed: UInt64 = 0, providers: [EmulatedProviderSpec]) {
        self.seed = seed
        self.providers = providers
    }

    /// Parses a fleet file.
    ///
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - source: the name to print in errors, usually the file's path.
    /// - Throws: ``ConfigError`` naming `source`, the line and the field.
    public static func parse(yaml: String, source: String) throws -> FleetSpec {
        try FleetSpecDecoder(source: source).decode(yaml: yaml)
    }
}

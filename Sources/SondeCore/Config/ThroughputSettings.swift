/// Defaults of the bandwidth probe (`probes.bandwidth`): a sized object fetched (and, when
/// `upload` is set, a generated body sent) `repeats` times per provider.
public struct BandwidthProbeSettings: Sendable, Equatable {
    /// The path (on each provider's endpoint origin) of the object to download.
    public var path: String
    /// Downloads per provider, and uploads when `uploadBytes` is set.
    public var repeats: Int
    /// Size of the generated upload body; `nil`: no upload.
    public var uploadBytes: Int64?
    /// The path uploads are sent to with PUT.
    public var uploadPath: String
    /// Whole-transfer timeout.
    public var timeout: Duration

    public init(path: String = "/blob/64MiB", repeats: Int = 5, uploadBytes: Int64? = nil,
                uploadPath: String = "/upload", timeout: Duration = .seconds(60)) {
        self.path = path
        self.repeats = repeats
        self.uploadBytes = uploadBytes
        self.uploadPath = uploadPath
        self.timeout = timeout
    }
}

/// How the load probe spaces its intended sends.
public enum ArrivalProcess: String, Sendable, Equatable, CaseIterable {
    /// Exactly 1/rate apart.
    case constant
    /// Exponential gaps with mean 1/rate (a Poisson process), seeded so runs repeat.
    case poisson
}

/// The client the load probe sends with (`probes.load.engine`).
public enum LoadEngine: String, Sendable, Equatable, CaseIterable {
    /// `native` when it speaks every provider's URL (plain `http://`, no proxy), else `curl`.
    case auto
    /// libcurl's multi interface: HTTPS, HTTP/2, proxies.
    case curl
    /// sonde's own HTTP/1.1 client on epoll: plain `http://` only, a lower cost per request.
    case native
}

/// Defaults of the load probe (`probes.load`): an open-loop stream of requests at `rate` per
/// provider over a pool of `connections`, for `duration`.
public struct LoadProbeSettings: Sendable, Equatable {
    /// Intended requests per second per provider; `nil` is `rate: max`, a closed loop in which
    /// every connection sends again as soon as its answer arrives (a throughput ceiling, as wrk
    /// without `-R` measures; no coordinated-omission correction applies).
    public var rate: Double?
    public var duration: Duration
    /// Connections per provider; requests wait for a free one and that wait counts as latency.
    public var connections: Int
    public var arrivals: ArrivalProcess
    /// Requests per provider stored as rows; per-interval histograms are stored throughout.
    public var storeCap: Int
    /// Whole-request timeout.
    public var timeout: Duration
    /// Path on the endpoint origin to request; `nil`: the endpoint itself.
    public var path: String?
    /// Length of one stored histogram interval.
    public var interval: Duration
    public var engine: LoadEngine
    /// Line of `engine` in the file, so that a target it cannot reach can name it.
    public var engineLine: Int?
    /// Line of `connections` in the file, so that a limit found at plan time can name it.
    public var connectionsLine: Int?

    public init(rate: Double? = 500, duration: Duration = .seconds(30), connections: Int = 32,
                arrivals: ArrivalProcess = .constant, storeCap: Int = 1_000_000, timeout: Duration = .seconds(10),
                path: String? = nil, interval: Duration = .seconds(1), connectionsLine: Int? = nil,
                engine: LoadEngine = .auto, engineLine: Int? = nil) {
        self.engine = engine
        self.engineLine = engineLine
        self.rate = rate
        self.duration = duration
        self.connections = connections
        self.arrivals = arrivals
        self.storeCap = storeCap
        self.timeout = timeout
        self.path = path
        self.interval = interval
        self.connectionsLine = connectionsLine
    }
}

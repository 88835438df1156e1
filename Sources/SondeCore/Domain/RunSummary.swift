/// One line of `sonde runs`: a stored run with how many samples it holds, without its
/// configuration or its rows.
public struct RunSummary: Sendable, Equatable {
    public var id: String
    public var label: String?
    public var vantage: String?
    public var host: String?
    public var status: RunStatus
    public var startedNs: Int64
    public var finishedNs: Int64?
    /// Providers that stored at least one sample.
    public var providers: Int
    /// Samples stored, per probe kind (the `samples.probe` column), in name order.
    public var samplesByProbe: [ProbeCount]

    /// Samples of one probe kind.
    public struct ProbeCount: Sendable, Equatable {
        public var probe: String
        public var samples: Int

        public init(probe: String, samples: Int) {
            self.probe = probe
            self.samples = samples
        }
    }

    public init(id: String, label: String?, vantage: String?, host: String?, status: RunStatus, startedNs: Int64,
                finishedNs: Int64?, providers: Int, samplesByProbe: [ProbeCount]) {
        self.id = id
        self.label = label
        self.vantage = vantage
        self.host = host
        self.status = status
        self.startedNs = startedNs
        self.finishedNs = finishedNs
        self.providers = providers
        self.samplesByProbe = samplesByProbe
    }

    /// Samples of every probe kind.
    public var samples: Int { samplesByProbe.reduce(0) { $0 + $1.samples } }
}

/// Which runs `sonde runs` lists; every filter given must hold.
public struct RunFilter: Sendable, Equatable {
    /// Exactly this label.
    public var label: String?
    /// A label matching this GLOB pattern (SQLite's GLOB: `*`, `?`, `[...]`, case-sensitive).
    public var labelPattern: String?
    /// Started at or after this instant, nanoseconds since the Unix epoch.
    public var startedFromNs: Int64?
    /// Started before this instant (exclusive), nanoseconds since the Unix epoch.
    public var startedBeforeNs: Int64?
    /// Measured from one of these vantage points (any, when empty).
    public var vantages: [String]
    /// At most this many runs, newest first (all, when `nil`).
    public var limit: Int?

    public init(label: String? = nil, labelPattern: String? = nil, startedFromNs: Int64? = nil, startedBeforeNs: Int64? = nil,
                vantages: [String] = [], limit: Int? = nil) {
        self.label = label
        self.labelPattern = labelPattern
        self.startedFromNs = startedFromNs
        self.startedBeforeNs = startedBeforeNs
        self.vantages = vantages
        self.limit = limit
    }
}

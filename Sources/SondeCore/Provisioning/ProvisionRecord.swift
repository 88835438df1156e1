/// One provisioning attempt as stored in the `provisions` table: the provider-side id as soon as
/// it is known, each phase's time (nanoseconds since the Unix epoch, nil until reached), and how
/// the attempt ended.
public struct ProvisionRecord: Sendable, Equatable {
    public var provider: String
    /// 1-based attempt number within the run and provider.
    public var attempt: Int
    /// The provider's id for the machine (instance id, deployment sequence), once returned.
    public var providerResourceID: String?
    public var requestedNs: Int64
    public var acceptedNs: Int64?
    public var runningNs: Int64?
    public var reachableNs: Int64?
    public var tornDownNs: Int64?
    /// When sonde asked for the machine's destruction (after the probes, for a machine that was probed).
    public var teardownRequestedNs: Int64? = nil
    /// nil while the attempt is in progress.
    public var outcome: ProvisionOutcome?
    public var errorClass: ErrorClass?
    /// One line, secrets removed: why the attempt failed, or why teardown failed.
    public var detail: String?
    /// The machine was created and its destruction failed: it may still be running (and billing).
    public var leaked: Bool
    /// The endpoint the machine was reached at (no secrets: built from provider output).
    public var endpoint: String?
    /// The identity sonde chose for this attempt and stored before asking for the machine; the
    /// create request carries it, so cleanup can find the machine even without its id.
    public var attemptKey: String? = nil
    /// A create was cut short and the adapter cannot look machines up by `attemptKey`: a
    /// machine may exist that sonde never learnt the id of. `sonde provision cleanup` retries.
    public var possiblyLeaked: Bool = false
    /// The accepted bid's price, for adapters whose provider quotes one per machine (akash).
    public var bidPrice: BidPrice? = nil

    public init(provider: String, attempt: Int, requestedNs: Int64, providerResourceID: String? = nil,
                acceptedNs: Int64? = nil, runningNs: Int64? = nil, reachableNs: Int64? = nil, tornDownNs: Int64? = nil,
                outcome: ProvisionOutcome? = nil, errorClass: ErrorClass? = nil, detail: String? = nil,
                leaked: Bool = false, endpoint: String? = nil) {
        self.provider = provider
        self.attempt = attempt
        self.requestedNs = requestedNs
        self.providerResourceID = providerResourceID
        self.acceptedNs = acceptedNs
        self.runningNs = runningNs
        self.reachableNs = reachableNs
        self.tornDownNs = tornDownNs
        self.outcome = outcome
        self.errorClass = errorClass
        self.detail = detail
        self.leaked = leaked
        self.endpoint = endpoint
    }

    /// The time of `phase`, when reached.
    public func time(of phase: ProvisionPhase) -> Int64? {
        switch phase {
        case .requested: return requestedNs
        case .accepted: return acceptedNs
        case .running: return runningNs
        case .reachable: return reachableNs
        case .tornDown: return tornDownNs
        }
    }
}

/// What a provider says about a machine it was asked for.
public enum ProvisionStatus: Sendable, Equatable {
    /// Still queued, booting or waiting for a lease.
    case pending
    /// Running; `endpoint` is where it can be reached, when the provider says (host, host:port or URL).
    case running(endpoint: String?)
}

/// The seam between the provisioning timeline and one provider's API or CLI. Adapters
/// (command, aws-ec2, akash, emulated) live in SondeProbes; tests use scripted fakes.
/// Every method may throw a `ProvisionFailure` whose outcome and error class the attempt keeps.
public protocol Provisioner: Sendable {
    /// A fresh identity for one attempt, chosen by sonde and stored before `create` runs
    /// (a UUID for most adapters; akash needs a number, its deployment sequence).
    func newAttemptKey() -> String
    /// Asks for a machine carrying `attempt` (a tag, a name, a client token, a deployment
    /// sequence); returns the provider's id for it as soon as the provider returns one.
    func create(attempt: String) async throws(ProvisionFailure) -> String
    /// The ids of the machines that carry `attempt` and are not destroyed, or nil when this
    /// adapter cannot look machines up (then an interrupted create is only *possibly* leaked).
    func find(attempt: String) async throws(ProvisionFailure) -> [String]?
    /// Where the machine with `id` stands.
    func status(id: String) async throws(ProvisionFailure) -> ProvisionStatus
    /// Destroys the machine with `id`; returns when the provider has accepted the destruction.
    func destroy(id: String) async throws(ProvisionFailure)
    /// The price of the bid accepted for the machine `id`, once `status` has accepted one; nil
    /// for adapters without bids.
    func acceptedPrice(id: String) -> BidPrice?
}

extension Provisioner {
    /// No bids: the price comes from the configuration or a catalog.
    public func acceptedPrice(id: String) -> BidPrice? { nil }
}

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
    /// Asks for a machine; returns the provider's id for it as soon as the provider returns one.
    func create() async throws(ProvisionFailure) -> String
    /// Where the machine with `id` stands.
    func status(id: String) async throws(ProvisionFailure) -> ProvisionStatus
    /// Destroys the machine with `id`; returns when the provider has accepted the destruction.
    func destroy(id: String) async throws(ProvisionFailure)
}

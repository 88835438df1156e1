/// The moments of one provisioning attempt, in the order they happen (docs/provisioning.md).
public enum ProvisionPhase: String, Sendable, CaseIterable, Codable, Comparable {
    /// sonde asked the provider for a machine.
    case requested
    /// The provider returned its id for the machine.
    case accepted
    /// The provider says the machine is running.
    case running
    /// The machine's endpoint gave its first healthy HTTP response.
    case reachable
    /// The provider confirmed the machine's destruction.
    case tornDown = "torn_down"

    public static func < (lhs: ProvisionPhase, rhs: ProvisionPhase) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How a provisioning attempt ended.
public enum ProvisionOutcome: String, Sendable, CaseIterable, Codable {
    /// The machine became reachable.
    case ready
    /// The provider or its tool reported an error (see the attempt's error class and detail).
    case failed
    /// The provider had no machine to give (no bids, no capacity in the zone).
    case capacityUnavailable = "capacity_unavailable"
    /// The account's quota or limit forbade the machine.
    case quotaExceeded = "quota_exceeded"
    /// The deadline passed before the machine was reachable.
    case timeout
    /// sonde was interrupted (SIGINT/SIGTERM) during the attempt.
    case cancelled
}

/// Why an adapter step did not succeed: the outcome it gives the attempt, the error class from
/// the shared vocabulary, and a one-line detail with secrets already removed.
public struct ProvisionFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var outcome: ProvisionOutcome
    public var errorClass: ErrorClass
    public var detail: String
    /// The step was cut short (killed at a deadline or stop, died by a signal) or answered
    /// unreadably, so the provider may have acted on it: a create that failed this way may
    /// have made a machine, which only the attempt's identity can find.
    public var uncertain: Bool

    public init(_ outcome: ProvisionOutcome, _ errorClass: ErrorClass, _ detail: String, uncertain: Bool = false) {
        self.outcome = outcome
        self.errorClass = errorClass
        self.detail = detail
        self.uncertain = uncertain
    }

    public var description: String { "\(outcome.rawValue) (\(errorClass.rawValue)): \(detail)" }

    /// The outcome a provider's error text suggests: capacity and quota words are common to EC2
    /// (InsufficientInstanceCapacity, InstanceLimitExceeded), Akash (no bids) and GPU clouds.
    public static func classify(_ text: String) -> ProvisionOutcome {
        let lower = text.lowercased()
        if ["insufficientinstancecapacity", "insufficient capacity", "no capacity", "capacity unavailable",
            "no bids", "out of capacity"].contains(where: lower.contains) {
            return .capacityUnavailable
        }
        if ["limitexceeded", "quota", "limit exceeded"].contains(where: lower.contains) { return .quotaExceeded }
        return .failed
    }
}

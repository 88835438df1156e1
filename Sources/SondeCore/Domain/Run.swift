/// The lifecycle of a run as stored.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running
    case complete
    case interrupted
    case failed
}

/// What is known about a run before it starts.
public struct RunInfo: Sendable, Equatable {
    /// Globally unique, so that databases from several vantage points merge without clashes.
    public var id: String
    public var startedNs: Int64
    public var label: String?
    public var vantage: String?
    public var host: String?
    public var sondeVersion: String
    public var configHash: String
    /// The configuration text with secrets removed.
    public var configText: String

    public init(id: String, startedNs: Int64, label: String?, vantage: String?, host: String?,
                sondeVersion: String, configHash: String, configText: String) {
        self.id = id
        self.startedNs = startedNs
        self.label = label
        self.vantage = vantage
        self.host = host
        self.sondeVersion = sondeVersion
        self.configHash = configHash
        self.configText = configText
    }
}

/// A stored run as read back.
public struct RunRecord: Sendable, Equatable {
    public var info: RunInfo
    public var finishedNs: Int64?
    public var status: RunStatus

    public init(info: RunInfo, finishedNs: Int64?, status: RunStatus) {
        self.info = info
        self.finishedNs = finishedNs
        self.status = status
    }
}

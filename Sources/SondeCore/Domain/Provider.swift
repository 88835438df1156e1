/// A provider as stored and reported: who it is and where it runs.
public struct Provider: Sendable, Equatable, Hashable, Codable {
    public var name: String
    public var kind: ProviderKind
    public var region: String
    public var jurisdiction: String
    /// The endpoint as configured, with `${ENV}` references left unresolved so no secret is stored.
    public var endpoint: String

    public init(name: String, kind: ProviderKind, region: String, jurisdiction: String = "", endpoint: String) {
        self.name = name
        self.kind = kind
        self.region = region
        self.jurisdiction = jurisdiction
        self.endpoint = endpoint
    }
}

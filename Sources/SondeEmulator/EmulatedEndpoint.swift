import SondeCore

/// Where one emulated provider can be reached, with the identity it claims.
public struct EmulatedEndpoint: Sendable, Equatable, Codable {
    /// The provider's name from the fleet file.
    public var name: String
    /// Whether it stands for a DePIN network or a centralized cloud.
    public var kind: ProviderKind
    /// The region it claims.
    public var region: String
    /// The jurisdiction it claims, if the fleet file sets one.
    public var jurisdiction: String?
    /// The probe URL, e.g. `http://127.0.0.1:40123/health`.
    public var url: String

    /// Creates an endpoint.
    public init(name: String, kind: ProviderKind, region: String, jurisdiction: String?, url: String) {
        self.name = name
        self.kind = kind
        self.region = region
        self.jurisdiction = jurisdiction
        self.url = url
    }
}

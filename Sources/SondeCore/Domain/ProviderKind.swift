/// Whether a provider is a decentralized network (DePIN) or a centralized cloud.
public enum ProviderKind: String, Sendable, Codable, CaseIterable, Hashable {
    case depin
    case centralized
}

/// One provider's request with every `${ENV}` reference resolved: what a plan sends. Holds
/// secrets; never stored or printed.
public struct ResolvedRequest: Sendable, Equatable {
    /// The endpoint URL.
    public var url: String
    /// Header lines (`Name: value`).
    public var headers: [String]

    public init(url: String, headers: [String]) {
        self.url = url
        self.headers = headers
    }
}

extension Config {
    /// The endpoint and header lines (`Name: value`) of provider `index` with every `${ENV}`
    /// reference resolved from `environment`; an unset variable is a `ConfigError` naming the
    /// provider's field. Every probe's plan resolves requests here, so none can leak or forget one.
    public func resolvedRequest(ofProvider index: Int, environment: [String: String]) throws(ConfigError) -> (url: String, headers: [String]) {
        let provider = providers[index]
        func resolve(_ text: String, _ key: String) throws(ConfigError) -> String {
            do {
                return try SecretTemplate.resolve(text, environment: environment)
            } catch {
                throw ConfigError(source: source, line: nil, field: "providers[\(index)].\(key)", problem: error.problem)
            }
        }
        var headers: [String] = []
        for (name, value) in provider.headers.sorted(by: { $0.key < $1.key }) {
            headers.append("\(name): \(try resolve(value, "headers.\(name)"))")
        }
        return (try resolve(provider.endpoint, "endpoint"), headers)
    }

    /// Every provider's request, resolved once (`RunPlan` keeps them, so that binding ids or
    /// swapping in a provisioned machine never reads the environment again).
    public func resolvedRequests(environment: [String: String]) throws(ConfigError) -> [ResolvedRequest] {
        var requests: [ResolvedRequest] = []
        for index in providers.indices {
            let request = try resolvedRequest(ofProvider: index, environment: environment)
            requests.append(ResolvedRequest(url: request.url, headers: request.headers))
        }
        return requests
    }
}

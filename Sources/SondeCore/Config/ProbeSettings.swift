import Yams

/// The settings of a probe kind written on the seam: it parses its own `probes.<kind>` section
/// (and the provider-level keys it owns) and makes its own plan, so that adding a kind does not
/// touch the loader, `Config` or `RunPlan` (register the type in `ProbeKind.settingsType`).
public protocol ProbeSettings: Sendable {
    /// Keys this kind adds to a provider entry (e.g. `tcp_target`); the loader accepts them.
    static var providerKeys: Set<String> { get }

    /// Parses `probes.<kind>` (`node`); `providers` are the provider entries, in order, for the
    /// kind's provider-level keys. Errors name the file, line and field.
    static func parse(_ node: Node, providers: [Node], reader: YAMLReader) throws(ConfigError) -> Self

    /// The plan for `config`: `requests[i]` is provider `i`'s request, resolved once; ids come
    /// from `providerIDs` by provider name; `duration` is the run's limit, when given.
    func plan(config: Config, requests: [ResolvedRequest], providerIDs: [String: Int64],
              duration: Duration?) throws(ConfigError) -> any ProbePlan

    /// Whether `other` holds the same settings (`Config` is `Equatable`).
    func isEqual(to other: any ProbeSettings) -> Bool
}

extension ProbeSettings where Self: Equatable {
    /// Equal when `other` is of this type with equal values.
    public func isEqual(to other: any ProbeSettings) -> Bool {
        (other as? Self) == self
    }
}

/// The sections of probe kinds written on the seam, by kind (`Config.sections`).
public struct ProbeSections: Sendable, Equatable {
    private var settings: [ProbeKind: any ProbeSettings] = [:]

    public init() {}

    /// The settings of `kind`, when its section was given.
    public subscript(kind: ProbeKind) -> (any ProbeSettings)? {
        get { settings[kind] }
        set { settings[kind] = newValue }
    }

    /// The configured kinds, in `ProbeKind` order (the order they run in).
    public var kinds: [ProbeKind] { ProbeKind.allCases.filter { settings[$0] != nil } }

    public static func == (lhs: ProbeSections, rhs: ProbeSections) -> Bool {
        lhs.settings.count == rhs.settings.count
            && lhs.settings.allSatisfy { kind, value in rhs.settings[kind].map { value.isEqual(to: $0) } ?? false }
    }
}

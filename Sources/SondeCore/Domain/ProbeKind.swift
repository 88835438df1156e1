/// The kinds of probe sonde knows. `latency`, `bandwidth`, `load`, `llm`, `availability` and `tcp` run today; the others are planned and a
/// configuration naming them is rejected as "not supported yet".
public enum ProbeKind: String, Sendable, Codable, CaseIterable, Hashable {
    case latency
    case bandwidth
    case load
    case llm
    case availability
    case provision
    /// TCP connect time, no HTTP request (`TCPSettings`).
    case tcp

    /// Probe kinds that a run can execute in this build.
    public static let supported: Set<ProbeKind> = [.latency, .bandwidth, .load, .llm, .availability, .tcp]

    /// The settings type of a kind written on the probe seam (`ProbeSettings`): the loader
    /// parses its `probes.<kind>` section with it and `RunPlan` plans it. nil for the kinds the
    /// loader and `RunPlan` know by name.
    public var settingsType: (any ProbeSettings.Type)? {
        switch self {
        case .tcp: TCPSettings.self
        case .latency, .bandwidth, .load, .llm, .availability, .provision: nil
        }
    }
}

import Yams

extension ConfigLoader {
    /// Provider-level keys of the probe kinds written on the seam (`ProbeSettings.providerKeys`).
    static var sectionProviderKeys: Set<String> {
        ProbeKind.allCases.compactMap(\.settingsType).reduce(into: []) { $0.formUnion($1.providerKeys) }
    }

    /// Parses the sections of `probes` whose kinds are written on the seam, each by its own
    /// settings type, after the providers (whose entries may carry the kind's keys).
    static func parseSections(_ probes: Node?, providers: [Node], _ reader: YAMLReader) throws(ConfigError) -> ProbeSections {
        var sections = ProbeSections()
        guard case let .mapping(mapping)? = probes else { return sections }
        for (key, value) in mapping {
            guard let kind = key.string.flatMap(ProbeKind.init(rawValue:)), let type = kind.settingsType else { continue }
            sections[kind] = try type.parse(value, providers: providers, reader: reader)
        }
        return sections
    }
}

/// The settings a run was made with, parsed once from its stored configuration, for every part
/// of its analysis. A key this version does not know (a run written by a newer sonde) becomes a
/// note in the report; an invalid value of a known key is an error naming the run and the field;
/// nothing falls back to a default silently.
public struct StoredSettings: Sendable {
    /// A stored configuration whose known keys do not parse.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// The run whose configuration is invalid.
        public var run: String
        /// What is wrong, with the field and line (`analysis.confidence: 7 is out of range ...`).
        public var error: ConfigError

        /// `run ID: stored configuration: FILE:LINE: FIELD: PROBLEM`.
        public var description: String { "run \(run): stored configuration: \(error.description)" }
    }

    /// The parsed configuration; `nil` when the run stored none (then every setting is the
    /// default, and `notes` says so).
    public var config: Config?
    /// What the report should say about how the settings were read.
    public var notes: [String]

    /// The `analysis` settings (sonde's defaults when the run stored no configuration).
    public var analysis: AnalysisSettings { config?.analysis ?? AnalysisSettings() }
    /// The heartbeat probe's interruption rule and job.
    public var availability: AvailabilitySettings { config?.availability ?? AvailabilitySettings() }

    /// Settings from an already parsed configuration.
    public init(config: Config?, notes: [String] = []) {
        self.config = config
        self.notes = notes
    }

    /// Parses the stored configuration `text` of run `run` leniently: unknown keys are noted,
    /// invalid values throw.
    public static func parse(_ text: String, run: String) throws(Problem) -> StoredSettings {
        guard text.contains(where: { !$0.isWhitespace }) else {
            return StoredSettings(config: nil, notes: ["Run \(run) stored no configuration: analysis settings are sonde's defaults."])
        }
        if let imported = imported(text, run: run) { return imported }
        let log = UnknownKeyLog()
        let config: Config
        do {
            config = try ConfigLoader.parse(text, source: "run \(run) configuration", unknownKeys: log)
        } catch {
            throw Problem(run: run, error: error)
        }
        var notes: [String] = []
        if !log.entries.isEmpty {
            let keys = log.entries.map { entry in entry.line.map { "\(entry.path) (line \($0))" } ?? entry.path }
            notes.append("Run \(run) was configured with keys this sonde (\(SondeVersion.current)) does not know, "
                + "probably by a newer version; they were ignored: \(keys.joined(separator: ", ")).")
        }
        return StoredSettings(config: config, notes: notes)
    }
}

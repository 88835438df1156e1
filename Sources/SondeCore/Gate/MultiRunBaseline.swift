/// A baseline made of several runs: their per-run summaries (`GateRunSummary`), from a selection of
/// stored runs or from a committed file (schema `sonde.baseline/1`, docs/json-report.md). The
/// multi-run gate compares the candidate run with the spread of these runs
/// (`GateEvaluator.evaluate(runs:candidate:...)`), not with their pooled samples.
public struct MultiRunBaseline: Sendable, Equatable, Codable {
    /// The schema this sonde writes and reads.
    public static let schema = "sonde.baseline/1"

    /// `sonde.baseline/1`.
    public var schema: String
    /// The sonde version that wrote the file.
    public var sondeVersion: String
    /// How the runs were selected, in words (e.g. "labels matching 'nightly-*', newest 10").
    public var selection: String
    /// Oldest first.
    public var runs: [GateRunSummary]

    /// A baseline of `runs` (sorted oldest first).
    public init(runs: [GateRunSummary], selection: String, sondeVersion: String) {
        schema = Self.schema
        self.sondeVersion = sondeVersion
        self.selection = selection
        self.runs = runs.sorted { $0.startedNs < $1.startedNs }
    }

    enum CodingKeys: String, CodingKey {
        case schema
        case sondeVersion = "sonde_version"
        case selection, runs
    }
}

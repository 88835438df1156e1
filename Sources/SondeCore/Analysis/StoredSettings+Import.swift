import Yams

extension StoredSettings {
    /// The settings of a run made by `sonde import`, whose stored text is a record of the import
    /// (`import:` with format, file and what the format lacks), not a run configuration: the
    /// analysis uses sonde's defaults and the report says where the data came from and what it
    /// cannot show. `nil` when `text` is not such a record.
    static func imported(_ text: String, run: String) -> StoredSettings? {
        guard let root = (try? Yams.load(yaml: text)) as? [String: Any], root["providers"] == nil,
              let record = root["import"] as? [String: Any] else { return nil }
        let format = record["format"].map { "\($0)" } ?? "an unknown format"
        let file = record["file"].map { "\($0)" } ?? "an unnamed file"
        var notes = ["Run \(run) was imported with `sonde import` from \(format) file \(file); "
            + "analysis settings are sonde's defaults."]
        if let lacks = record["lacks"] as? [Any], !lacks.isEmpty {
            notes.append("What the \(format) format does not carry: " + lacks.map { "\($0)" }.joined(separator: "; ") + ".")
        }
        return StoredSettings(config: nil, notes: notes)
    }
}

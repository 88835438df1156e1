import SondeCore
import SondeReport
import SondeStore

/// Opens an existing database, reads the selected run and analyses it with the settings parsed
/// once from its stored configuration. Only this file knows where the parts come from.
enum ReportLoader {
    /// The analysis of the run `selection` picks (the newest when it picks several). A stored
    /// configuration with an invalid value is bad data (65), naming the run and the field; a
    /// baseline that is not a provider of the run is a usage error (64).
    static func load(databasePath: String, selection: RunSelection, baseline: String? = nil) throws -> RunAnalysis {
        let store = try StoreOpener.open(databasePath, create: false)
        guard let record = try store.runs(selection).first else {
            throw CLIError(.dataError, "no run selected")
        }
        let settings: StoredSettings
        do {
            settings = try StoredSettings.parse(record.info.configText, run: record.info.id)
        } catch {
            throw CLIError(.dataError, error.description)
        }
        let parts = try store.parts(record)
        do {
            return try RunAnalysis(parts, settings: settings, baseline: baseline)
        } catch {
            throw CLIError(.usage, error.description)
        }
    }
}

import Foundation
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
        var analysis: RunAnalysis
        do {
            analysis = try RunAnalysis(parts, settings: settings, baseline: baseline)
        } catch {
            throw CLIError(.usage, error.description)
        }
        if let config = settings.config {
            analysis.decide(prices: try prices(config), config: config)
        }
        return analysis
    }

    /// The run's providers' prices in the report currency. Price catalogs are read when the
    /// report is made, relative to the current directory: the stored configuration keeps the
    /// catalog's name but not the directory the run was started from, and a catalog is a price
    /// list that may be refreshed between reports (its row and line are named in the report).
    /// A catalog that cannot be read exits 66 naming the file and the configuration field; a bad
    /// catalog or an unmatched row exits 64 naming file, line and field.
    static func prices(_ config: Config) throws -> [ResolvedPrice] {
        var catalogs: [String: String] = [:]
        for (index, provider) in config.providers.enumerated() {
            guard case let .catalog(reference)? = provider.pricing?.source, catalogs[reference.file] == nil else { continue }
            do {
                catalogs[reference.file] = try String(contentsOfFile: reference.file, encoding: .utf8)
            } catch {
                throw CLIError(.noInput, "\(config.source): providers[\(index)].price.catalog.file: cannot read '\(reference.file)' "
                    + "(catalogs are read relative to the current directory when the report is made)")
            }
        }
        do {
            return try ResolvedPrice.resolve(config, catalogs: catalogs)
        } catch {
            throw CLIError(.usage, error.description)
        }
    }
}

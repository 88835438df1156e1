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
        if let prunedNs = try store.prunedAt(record) {
            throw CLIError(.dataError, "run \(record.info.id) was pruned at \(PruneCommand.time(prunedNs)): its raw samples are gone and "
                + "only its summary is kept; select it with other runs for a history report (e.g. --since, --labels)")
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

    /// One comparison over several vantage points of one plan (docs/history.md), or `nil` when
    /// the selection is not that: with `force` (`--by-vantage`) the selected runs must be one plan
    /// from distinct vantage points, else exit 64 naming them; without it, a selection that looks
    /// like one (`VantagePooling.looksPooled`) and has one plan is pooled, and anything else is
    /// left to the history report. Every run's stored configuration is parsed once (invalid: 65).
    static func pooled(databasePath: String, selection: RunSelection, force: Bool, baseline: String? = nil) throws -> RunAnalysis? {
        let store = try StoreOpener.open(databasePath, create: false)
        let records = try store.runs(selection)
        guard force || VantagePooling.looksPooled(records) else { return nil }
        var runs: [(record: RunRecord, settings: StoredSettings)] = []
        for record in records {
            do {
                runs.append((record, try StoredSettings.parse(record.info.configText, run: record.info.id)))
            } catch {
                throw CLIError(.dataError, error.description)
            }
        }
        do {
            try VantagePooling.check(runs)
        } catch {
            guard force else { return nil }
            throw CLIError(.usage, error.description)
        }
        var members: [VantagePooling.Member] = []
        for run in runs { members.append(.init(record: run.record, parts: try store.parts(run.record), settings: run.settings)) }
        do {
            // `records` is newest first: the newest run's settings stand for the plan they share.
            return try RunAnalysis(pooling: members, settings: runs[0].settings, baseline: baseline)
        } catch {
            throw CLIError(.usage, error.description)
        }
    }

    /// The history of the runs `selection` picks when it picks more than one (`nil` for one):
    /// runs are read one at a time (latency and heartbeat samples), so only one run's samples
    /// are in memory besides the per-run figures; pruned runs are read from their summaries.
    /// Interruptions need the newest run's `availability.failures_to_interrupt`; an invalid stored
    /// configuration there exits 65.
    /// The variance ratios use `baseline`, else the newest run's `analysis.baseline`, else the only
    /// centralized provider.
    static func history(databasePath: String, selection: RunSelection, bucket: HistoryBucketWidth?,
                        baseline: String? = nil) throws -> HistoryAnalysis? {
        let store = try StoreOpener.open(databasePath, create: false)
        let records = try store.runs(selection)
        guard records.count > 1, let newest = records.first else { return nil }
        let settings: StoredSettings
        do {
            settings = try StoredSettings.parse(newest.info.configText, run: newest.info.id)
        } catch {
            throw CLIError(.dataError, error.description)
        }
        // The width is fixed before reading, so that pruned runs' histograms merge as they come.
        let starts = records.map(\.info.startedNs)
        var builder = HistoryAnalysis.Builder(
            bucket: bucket ?? HistoryBucketWidth.choose(spanNs: (starts.max() ?? 0) - (starts.min() ?? 0)))
        let pruned = try store.prunedRunIDs()
        let reader = try HistoryReader(store)
        for record in records {
            if pruned.contains(record.info.id) {
                let run = try reader.pruned(record)
                builder.add(run: record, latency: run.latency, availability: run.availability)
            } else {
                let run = try reader.raw(record)
                builder.add(run: record, latencies: run.latency, heartbeats: run.heartbeats)
            }
        }
        return builder.analyse(bucket: bucket, failuresToInterrupt: settings.availability.failuresToInterrupt,
                               confidence: settings.analysis.confidence, baseline: baseline ?? settings.analysis.baseline)
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

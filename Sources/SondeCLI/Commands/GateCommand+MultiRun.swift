import ArgumentParser
import Foundation
import SondeCore
import SondeReport
import SondeStore

/// `sonde gate` against a multi-run baseline: baseline runs selected in --db (the candidate left
/// out) or read from a `sonde.baseline/1` file; docs/ci.md, "Multi-run baselines".
extension GateCommand {
    /// Runs the multi-run gate when the arguments ask for one; false when the baseline is a single
    /// run or a single-run report (then `run()` goes on as before).
    func runAcrossRuns() throws -> Bool {
        let fromFile = try baseline.flatMap(Self.multiRunFile)
        guard baseline == nil || fromFile != nil else {
            if failOnChangePoint {
                throw CLIError(.usage, "--fail-on-change-point needs a multi-run baseline (--labels/--since/--from/--to/--runs, or a sonde.baseline/1 file)")
            }
            return false
        }
        let gateRules = try rules.map { path in try GateRules.parse(try Files.readText(path, what: "rules file"), source: path) }
            ?? GateRules()
        let store = try StoreOpener.open(db, create: false)
        let noCandidate = candidate == "none"
        let candidateRecord = noCandidate ? nil : try store.run(RunSelector.parse(candidate))
        let baselineRuns: [GateRunSummary]
        let description: String
        if let fromFile {
            baselineRuns = fromFile.runs
            description = "\(baseline!) (\(fromFile.runs.count) runs: \(fromFile.selection))"
        } else {
            let selected = try selectRuns(store, before: candidateRecord?.info)
            baselineRuns = try selected.map { GateRunSummary($0.info, samples: try Self.gateSamples(store, $0)) }
            description = selectionText(count: baselineRuns.count)
        }
        if let saveBaseline {
            let document = MultiRunBaseline(runs: baselineRuns, selection: description, sondeVersion: SondeVersion.current)
            try Files.write(MultiRunBaselineJSON.encode(document), to: saveBaseline)
        }
        guard let candidateRecord else {
            guard saveBaseline != nil else { throw CLIError(.usage, "--candidate none only makes sense with --save-baseline") }
            return true
        }
        let usable = baselineRuns.filter { $0.runID != candidateRecord.info.id }
        guard usable.count >= RunPrediction.minimumRuns else {
            throw CLIError(.baselineMissing, "baseline missing: \(usable.count) baseline run\(usable.count == 1 ? "" : "s") selected "
                + "(\(description)); a multi-run baseline needs at least \(RunPrediction.minimumRuns)")
        }
        let candidateSummary = GateRunSummary(candidateRecord.info, samples: try Self.gateSamples(store, candidateRecord))
        let candidateName = "run \(candidateRecord.info.id)" + (candidateRecord.info.label.map { " (\($0))" } ?? "")
        var verdict = GateEvaluator.evaluate(runs: usable, candidate: candidateSummary, rules: gateRules,
                                             baselineName: description, candidateName: candidateName)
        if failOnChangePoint {
            let search = RecentChangePoints.search(runs: usable + [candidateSummary], within: changePointRuns) { provider in
                gateRules.rules(for: provider).map(\.metric).filter { !GateEvaluator.notAcrossRuns.contains($0) }
            }
            verdict = GateEvaluator.adding(search, to: verdict, rules: gateRules)
        }
        try write(verdict)
        if !verdict.regressions.isEmpty { throw ExitCode(ExitStatus.regression.rawValue) }
        if reportImprovements && !verdict.improvements.isEmpty { throw ExitCode(ExitStatus.improvementsOnly.rawValue) }
        return true
    }

    /// The stored runs the filters select that started before the candidate, newest first, at
    /// most `--runs` (a run started after the candidate is not its past).
    private func selectRuns(_ store: SampleStore, before candidate: RunInfo?) throws -> [RunRecord] {
        let all: [RunRecord]
        do {
            all = try store.runs(filters.selection(.all))
        } catch {
            guard error.kind == .notFound else { throw error }
            throw CLIError(.baselineMissing, "baseline missing: \(error.message)")
        }
        let others = all.filter { candidate == nil || ($0.info.id != candidate!.id && $0.info.startedNs < candidate!.startedNs) }
        return runs.map { Array(others.prefix($0)) } ?? others
    }

    /// The selection in words, for the verdict's "against baseline ..." line and the file.
    private func selectionText(count: Int) -> String {
        var parts: [String] = []
        if let labels = filters.labels { parts.append("labels matching '\(labels)'") }
        if let since = filters.since { parts.append("started within \(since)") }
        if let from = filters.from { parts.append("from \(from)") }
        if let to = filters.to { parts.append("before \(to)") }
        if !filters.vantage.isEmpty { parts.append("vantage \(filters.vantage.joined(separator: " or "))") }
        if let runs { parts.append("newest \(runs)") }
        return "\(count) runs (" + (parts.isEmpty ? "all" : parts.joined(separator: ", ")) + ")"
    }

    /// A `sonde.baseline/1` file's contents; nil for anything else (a single-run report, or not a
    /// file: a run id). A file claiming the schema that does not decode is bad data (65).
    static func multiRunFile(_ path: String) throws -> MultiRunBaseline? {
        guard Files.exists(path) else { return nil }
        let bytes = Array(try Files.readText(path, what: "baseline").utf8)
        guard MultiRunBaselineJSON.isBaseline(bytes) else { return nil }
        do {
            let document = try MultiRunBaselineJSON.decode(bytes)
            guard document.schema == MultiRunBaseline.schema else {
                throw CLIError(.dataError, "\(path): schema '\(document.schema)' is not \(MultiRunBaseline.schema)")
            }
            return document
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError(.dataError, "\(path): not a sonde multi-run baseline: \(JSONExporter.describe(error))")
        }
    }

    /// What the gate compares of one stored run, per provider: latency columns (read without
    /// building sample rows), LLM timings (a capacity sweep step by step) and the capacity sweep.
    /// The one place either gate loads a stored run.
    static func gateSamples(_ store: SampleStore, _ record: RunRecord) throws -> [String: GateSample] {
        var samples = try store.gateSamples(record)
        let llm = try store.loadLLM(record)
        GateSample.attach(llm: llm, to: &samples)
        GateSample.attach(capacity: capacity(llm, of: record), to: &samples)
        return samples
    }
}

import Foundation
import SondeCore
import SondeProbes
import SondeStore

/// The LLM probe of a run, after the throughput probes and into the same run.
extension RunSession {
    /// Builds the LLM plan once with placeholder ids, so a missing `${OPENAI_API_KEY}` fails
    /// before the database is touched.
    func validateLLMPlan(providerIDs: [String: Int64]) throws {
        if let settings = config.llm {
            _ = try LLMPlan.make(config: config, settings: settings, providerIDs: providerIDs, environment: environment)
        }
    }

    /// Runs the configured LLM probe; its per-request records are written when it is done.
    func runLLMProbe(providerIDs: [String: Int64], timeBase: TimeBase, writer: SampleWriter, sink: any SampleSink,
                     store: SampleStore, runRowID: Int64, stop: StopSignal) async throws -> LatencyProbe.Outcome {
        guard let settings = config.llm else { return .complete }
        let plan = try LLMPlan.make(config: config, settings: settings, providerIDs: providerIDs, environment: environment)
        let progress = RunProgress(names: config.providers.map(\.name), planned: settings.requests)
        let records = store.makeLLMWriter(runRowID: runRowID)
        let reporter = Task { await Self.showProgress(progress, timeBase: timeBase, duration: nil, writer: writer, stop: stop) }
        let outcome = await LLMProbe(plan: plan).run(timeBase: timeBase, sink: sink, records: records,
                                                     progress: progress, stop: stop)
        reporter.cancel()
        _ = await reporter.result
        Terminal.endProgress()
        try records.finish()
        for counts in progress.snapshot() {
            Terminal.status("llm \(counts.name): \(counts.attempts - counts.errors) ok, \(counts.errors) errors")
        }
        return outcome
    }
}

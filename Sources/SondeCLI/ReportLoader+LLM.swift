import SondeCore
import SondeReport
import SondeStore

extension ReportLoader {
    /// Adds the LLM analysis of `record` to `input` when it has LLM requests; the SLOs come from
    /// the run's stored configuration.
    static func addLLM(to input: inout ReportInput, store: SampleStore, record: RunRecord) throws {
        let data = try store.loadLLM(record)
        guard !data.isEmpty else { return }
        let settings = (try? ConfigLoader.parse(record.info.configText, source: "<stored config>"))?.llm
        input.llm = LLMAnalysis(data, sloTTFT: settings?.sloTTFT, sloTPOT: settings?.sloTPOT)
        input.llmSeries = data.map(LLMSeries.init)
    }
}

import Foundation
import Testing
import SondeCore
import SondeStore

/// `sonde import` of the LLM formats through the binary: the runs carry `llm` samples and their
/// LLM records, and `sonde report` reads them. Fixtures hand-written from vLLM 0.10-0.11's
/// `bench serve --save-result --save-detailed` and GuideLLM's report schema 2 (see
/// docs/import.md); neither tool runs here.
struct LLMImportTests {
    static let vllm = """
        {"date": "20260102-030405", "backend": "openai-chat", "model_id": "m", "num_prompts": 2, "duration": 1.5,
         "input_lens": [10, 12], "output_lens": [3, 2], "ttfts": [0.2, 0.1], "itls": [[0.05, 0.05], [0.02]],
         "start_times": [5.0, 5.5], "generated_texts": ["a b c", "d e"], "errors": ["", ""]}
        """

    static let guidellm = """
        {"metadata": {"version": 2}, "config": {"spec": {"backend": {"kind": "openai_http", "target": "http://10.0.0.9:8000/v1"}}},
         "benchmarks": [{"requests": {"successful": [{"info": {"timings": {"targeted_start": 1767323040.0,
           "request_start": 1767323040.01, "first_token_iteration": 1767323040.11, "last_token_iteration": 1767323040.31,
           "request_end": 1767323040.32, "token_iterations": 3}, "error": null}, "output_tokens": 3, "prompt_tokens": 7}],
          "errored": [{"info": {"timings": {"targeted_start": 1767323041.0, "request_start": 1767323041.0,
           "request_end": 1767323041.05, "token_iterations": 0}, "error": "ReadTimeout: timed out"}}],
          "incomplete": []}}]}
        """

    @Test func llmFormatsBecomeLLMRunsThatReportsRead() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("llm.db").path
        for (format, name, text) in [("vllm", "vllm.json", Self.vllm), ("guidellm", "benchmarks.json", Self.guidellm)] {
            let path = dir.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try await SondeBinary.run(["import", "--format", format, path, "--provider", format + "-gpu",
                                                    "--kind", "depin", "--label", format, "--db", db])
            #expect(result.status == 0, "\(result.stderr)")
            let report = try await SondeBinary.run(["report", "--db", db, "--label", format, "--format", "md"])
            #expect(report.status == 0, "\(report.stderr)")
        }
        let store = try SampleStore(path: db, create: false)
        let vllm = try store.loadLLM(try store.run(.label("vllm")))
        #expect(vllm.count == 1 && vllm[0].provider.endpoint == "import:vllm.json")
        #expect(vllm[0].samples.map(\.ttfbUs) == [200_000, 100_000])
        #expect(vllm[0].records[0]?.chunkOffsetsUs == [200_000, 250_000, 300_000])
        #expect(vllm[0].records[1]?.outputTokens == 2 && vllm[0].records[1]?.promptTokens == 12)

        let guide = try store.loadLLM(try store.run(.label("guidellm")))
        #expect(guide.count == 1 && guide[0].provider.endpoint == "http://10.0.0.9:8000/v1")
        #expect(guide[0].samples.map(\.errorClass) == [nil, .timeout])
        #expect(guide[0].samples[0].startedNs - guide[0].samples[0].intendedNs > 9_000_000)
        #expect(guide[0].records[0]?.ttftUs == 100_000 && guide[0].records[0]?.tpotUs == 100_000)
    }
}

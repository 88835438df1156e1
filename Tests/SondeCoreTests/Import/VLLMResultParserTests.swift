import Foundation
import Testing
@testable import SondeCore

/// Fixture written by hand from vLLM's `vllm bench serve --save-result --save-detailed` result
/// (vllm/benchmarks/serve.py, vLLM 0.10-0.11: run settings, then per-request arrays); vLLM
/// cannot run here. Three requests: two streamed, one refused with 429.
struct VLLMResultParserTests {
    static let handWritten = """
        {
          "date": "20260102-030405",
          "endpoint_type": "openai-chat",
          "backend": "openai-chat",
          "label": null,
          "model_id": "meta-llama/Llama-3.1-8B-Instruct",
          "tokenizer_id": "meta-llama/Llama-3.1-8B-Instruct",
          "num_prompts": 3,
          "request_rate": "inf",
          "burstiness": 1.0,
          "max_concurrency": null,
          "duration": 2.5,
          "completed": 2,
          "failed": 1,
          "total_input_tokens": 300,
          "total_output_tokens": 7,
          "request_throughput": 0.8,
          "output_throughput": 2.8,
          "input_lens": [100, 120, 80],
          "output_lens": [4, 3, 0],
          "ttfts": [0.25, 0.3, 0.0],
          "itls": [[0.02, 0.03, 0.025], [0.04, 0.05], []],
          "start_times": [1000.5, 1000.0, 1001.0],
          "generated_texts": ["a b c d", "x y z", ""],
          "errors": ["", "", "Too Many Requests"],
          "mean_ttft_ms": 275.0,
          "median_ttft_ms": 275.0
        }

        """

    @Test func handWrittenFromSpecBecomesLLMSamplesAndRecords() throws {
        let run = try ImportFormat.vllm.parse(importFile(Self.handWritten))
        #expect(run.probe == .llm && run.endpoint == nil)
        // `date` 20260102-030405 read as UTC is 1767323045 s, the end; the run lasted 2.5 s.
        let origin: Int64 = 1_767_323_045_000_000_000 - 2_500_000_000
        #expect(run.samples.map(\.startedNs) == [origin, origin + 500_000_000, origin + 1_000_000_000])
        #expect(run.samples.map(\.ttfbUs) == [300_000, 250_000, nil])
        #expect(run.samples.map(\.totalUs) == [390_000, 325_000, nil])
        #expect(run.samples.map(\.errorClass) == [nil, nil, .rateLimited])
        #expect(run.samples.allSatisfy { $0.probe == .llm })
        #expect(run.llmRecords.map(\.sequence) == [0, 1, 2])
        let first = run.llmRecords[0], second = run.llmRecords[1]
        #expect(first.chunkOffsetsUs == [300_000, 340_000, 390_000])
        #expect(first.outputTokens == 3 && first.promptTokens == 120 && first.tpotUs == 45_000 && first.ttftUs == 300_000)
        #expect(second.chunkOffsetsUs == [250_000, 270_000, 300_000, 325_000])
        #expect(second.tpotUs == 25_000 && second.itlP50Us == 25_000 && second.itlMaxUs == 30_000)
        #expect(run.llmRecords[2].outputTokens == 0 && run.llmRecords[2].chunkOffsetsUs.isEmpty)
        #expect(run.notes.contains { $0.contains("meta-llama/Llama-3.1-8B-Instruct") })
    }

    @Test func missingDetailsTruncationAndMismatchesNameTheLine() {
        let noDetails = Self.handWritten.replacingOccurrences(of: "\"ttfts\"", with: "\"ttfts_ms\"")
        let error = importError(.vllm, noDetails)
        #expect(error?.line == 1)
        #expect(error?.message.contains("--save-detailed") == true)
        let truncated = String(Self.handWritten.prefix(while: { $0 != "]" }))
        #expect(importError(.vllm, truncated)?.line == 19)
        let shortItls = Self.handWritten.replacingOccurrences(of: "[[0.02, 0.03, 0.025], [0.04, 0.05], []]", with: "[[0.02]]")
        #expect(importError(.vllm, shortItls)?.line == 22)
        let badLen = Self.handWritten.replacingOccurrences(of: "[4, 3, 0]", with: "[4, 3.5, 0]")
        #expect(importError(.vllm, badLen)?.line == 20)
        // A malformed value in the middle of the document: Foundation's offset becomes its line.
        let malformed = Self.handWritten.replacingOccurrences(of: "\"burstiness\": 1.0,", with: "\"burstiness\": 1.0.0,")
        #expect(importError(.vllm, malformed)?.line == 10)
        let badDate = Self.handWritten.replacingOccurrences(of: "20260102-030405", with: "yesterday")
        #expect(importError(.vllm, badDate)?.line == 2)
    }
}

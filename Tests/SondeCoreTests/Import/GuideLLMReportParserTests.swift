import Foundation
import Testing
@testable import SondeCore

/// Fixture written by hand from GuideLLM's report schema version 2 (main after v0.7.3:
/// benchmark/schemas/report.py, benchmark.py; schemas/info.py, request_stats.py), pretty-printed
/// here for reading (GuideLLM writes it on one line); GuideLLM cannot run here. Two benchmarks:
/// the first with one successful, one errored (503) and one incomplete request, the second with
/// one successful request that started later than targeted.
struct GuideLLMReportParserTests {
    static func request(_ id: String, status: String, targeted: Double, start: Double, first: Double?, last: Double?,
                        end: Double, outputTokens: Int, error: String? = nil) -> String {
        func value(_ number: Double?) -> String { number.map { String($0) } ?? "null" }
        return """
            {"type_": "generative_request_stats", "request_id": "\(id)", "response_id": null, "request_args": null,
             "output": "tokens", "info": {"request_id": "\(id)", "status": "\(status)", "scheduler_node_id": -1,
              "scheduler_process_id": 0, "scheduler_start_time": 1767323039.0,
              "timings": {"targeted_start": \(targeted), "queued": \(targeted - 0.001), "dequeued": \(targeted),
                "scheduled_at": \(targeted), "resolve_start": \(start - 0.0005), "request_start": \(start),
                "first_request_iteration": \(value(first)), "first_token_iteration": \(value(first)),
                "first_output_token_iteration": \(value(first)), "last_token_iteration": \(value(last)),
                "last_request_iteration": \(value(last)), "request_iterations": \(outputTokens), "token_iterations": \(outputTokens),
                "request_end": \(end), "resolve_end": \(end + 0.0005), "finalized": \(end + 0.001)},
              "error": \(error.map { "\"\($0)\"" } ?? "null"), "traceback": null},
             "input_metrics": {"text_tokens": 128, "total_tokens": 128},
             "output_metrics": {"text_tokens": \(outputTokens), "total_tokens": \(outputTokens)},
             "request_start_time": \(start), "request_end_time": \(end), "prompt_tokens": 128, "output_tokens": \(outputTokens)}
            """
    }

    static let handWritten = """
        {"metadata": {"version": 2, "guidellm_version": "0.8.0", "python_version": "3.12.3", "platform": "Linux"},
         "config": {"metadata": {}, "spec": {"backend": {"kind": "openai_http", "target": "http://10.0.0.7:8000/v1"},
                    "profile": {"kind": "sweep"}}, "benchmarks": []},
         "benchmarks": [
          {"type_": "generative_benchmark", "config": {}, "scheduler_state": {}, "scheduler_metrics": {}, "metrics": {},
           "requests": {
             "successful": [\(request("a", status: "completed", targeted: 1767323040.0, start: 1767323040.002, first: 1767323040.102,
                                      last: 1767323040.502, end: 1767323040.512, outputTokens: 5))],
             "errored": [\(request("b", status: "errored", targeted: 1767323040.25, start: 1767323040.25, first: nil, last: nil,
                                   end: 1767323040.3, outputTokens: 0,
                                   error: "HTTPStatusError: Server error '503 Service Unavailable' for url 'http://10.0.0.7:8000/v1'"))],
             "incomplete": [\(request("c", status: "cancelled", targeted: 1767323041.0, start: 1767323041.0, first: nil, last: nil,
                                      end: 1767323041.1, outputTokens: 0))],
             "total": null}},
          {"type_": "generative_benchmark", "config": {}, "scheduler_state": {}, "scheduler_metrics": {}, "metrics": {},
           "requests": {
             "successful": [\(request("d", status: "completed", targeted: 1767323050.0, start: 1767323050.25, first: 1767323050.45,
                                      last: 1767323050.95, end: 1767323050.96, outputTokens: 11))],
             "errored": [], "incomplete": [], "total": null}}
         ]}

        """

    @Test func handWrittenFromSpecKeepsIntendedSendTimes() throws {
        let run = try ImportFormat.guidellm.parse(importFile(Self.handWritten))
        #expect(run.probe == .llm && run.endpoint == "http://10.0.0.7:8000/v1")
        #expect(run.samples.count == 3)
        func near(_ ns: Int64, _ seconds: Double) -> Bool { abs(Double(ns) - seconds * 1e9) < 1_000 }
        let (a, b, d) = (run.samples[0], run.samples[1], run.samples[2])
        #expect(near(a.startedNs, 1767323040.002) && near(a.intendedNs, 1767323040.0))
        #expect(near(d.startedNs, 1767323050.25) && near(d.intendedNs, 1767323050.0))
        #expect(a.totalUs == 510_000 && a.ttfbUs == 100_000 && a.errorClass == nil)
        #expect(d.totalUs == 710_000 && d.ttfbUs == 200_000)
        #expect(b.errorClass == .http5xx && b.totalUs == nil)
        #expect(run.samples.map(\.sequence) == [0, 1, 2])
        let records = run.llmRecords
        #expect(records.map(\.ttftUs) == [100_000, nil, 200_000])
        #expect(records.map(\.tpotUs) == [100_000, nil, 50_000])
        #expect(records.map(\.outputTokens) == [5, 0, 11])
        #expect(records[0].tokensSource == .usage && records[0].promptTokens == 128 && records[0].chunkOffsetsUs.isEmpty)
        #expect(run.notes.contains { $0.contains("1 incomplete") })
    }

    @Test func truncatedOrIncompleteReportsAreRefused() {
        let cut = String(Self.handWritten.prefix(900))
        #expect(importError(.guidellm, cut) != nil)
        let noStart = Self.handWritten.replacingOccurrences(of: "\"request_start\": 1767323050.25,", with: "")
            .replacingOccurrences(of: "\"resolve_start\": 1767323050.2495,", with: "")
        let error = importError(.guidellm, noStart)
        #expect(error?.message.contains("benchmarks[1].requests.successful[0].info.timings") == true, "\(String(describing: error))")
        let oldSchema = Self.handWritten.replacingOccurrences(of: "\"version\": 2", with: "\"version\": 1")
        #expect(importError(.guidellm, oldSchema)?.message.contains("version 1") == true)
        #expect(importError(.guidellm, "{\"benchmarks\": []}")?.message.contains("no benchmarks") == true)
    }
}

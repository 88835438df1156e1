import Foundation

/// GuideLLM's benchmark report (`guidellm benchmark ... --outputs json`, `benchmarks.json`),
/// report schema `metadata.version` 2 as on GuideLLM's main branch after v0.7.3 (the 0.8 line:
/// src/guidellm/benchmark/schemas/report.py, benchmark.py, src/guidellm/schemas/info.py and
/// request_stats.py). The file is one JSON document: `config.spec.backend.target` (the URL),
/// and `benchmarks[]`, each with `requests.successful`, `.errored` and `.incomplete` lists of
/// request stats whose `info.timings` hold Unix times in seconds: `targeted_start` (when the
/// scheduler meant to send), `request_start`/`resolve_start`, `first_token_iteration`,
/// `last_token_iteration`, `request_end`/`resolve_end`, and `token_iterations`; `info.error`
/// holds an errored request's message; `output_tokens`/`prompt_tokens` the token counts.
///
/// Every successful and errored request of every benchmark becomes an `llm` sample (one run per
/// file, ordered by start), with its intended send time from `targeted_start`. Incomplete
/// requests (cancelled when a benchmark ended) are not failures of the server: they are counted
/// in the notes, not stored. GuideLLM keeps the first and last token times, not every token's,
/// so records have TTFT and TPOT but no inter-token gaps. GuideLLM writes the JSON on one line,
/// so errors name line 1 and the field's path.
enum GuideLLMReportParser {
    static func parse(_ file: ImportFile) throws(ImportError) -> ImportedRun {
        let (root, text) = try VLLMResultParser.wholeFileObject(file)
        func fail(_ path: String, _ message: String) -> ImportError {
            file.error(VLLMResultParser.line(of: path.split(separator: ".").last.map(String.init) ?? path, in: text), "\(path): \(message)")
        }
        func read<T>(_ path: String, _ body: () throws(JSONObject.FieldError) -> T) throws(ImportError) -> T {
            do { return try body() } catch { throw fail(path, error.text) }
        }
        if root.has("metadata"), let version = JSONObject.integer((try? root.object("metadata"))?.fields["version"] ?? NSNull()),
           version != 2 {
            throw fail("metadata.version", "report schema version \(version); sonde reads version 2")
        }
        let benchmarks = try read("benchmarks") { () throws(JSONObject.FieldError) in try root.array("benchmarks") }
        guard !benchmarks.isEmpty else { throw fail("benchmarks", "no benchmarks in the report") }
        var target: String?
        if let config = try? root.object("config"), let spec = try? config.object("spec"), let backend = try? spec.object("backend") {
            target = try? backend.string("target")
        }

        var samples: [Sample] = []
        var records: [LLMRequestRecord] = []
        var notes: [String] = []
        for (index, value) in benchmarks.enumerated() {
            guard let benchmark = value as? [String: Any] else { throw fail("benchmarks[\(index)]", "not an object") }
            let path = "benchmarks[\(index)].requests"
            let requests = try read(path) { () throws(JSONObject.FieldError) in try JSONObject(benchmark).object("requests") }
            var counts: [String: Int] = [:]
            for status in ["successful", "errored", "incomplete"] {
                let list = requests.has(status) ? try read("\(path).\(status)") { () throws(JSONObject.FieldError) in
                    try requests.array(status)
                } : []
                counts[status] = list.count
                guard status != "incomplete" else { continue }
                for (position, item) in list.enumerated() {
                    let itemPath = "\(path).\(status)[\(position)]"
                    guard let stats = item as? [String: Any] else { throw fail(itemPath, "not an object") }
                    let (sample, record) = try request(JSONObject(stats), failed: status == "errored", path: itemPath, fail: fail)
                    samples.append(sample)
                    records.append(record)
                }
            }
            notes.append("benchmark \(index): \(counts["successful"]!) successful, \(counts["errored"]!) errored, "
                         + "\(counts["incomplete"]!) incomplete (cancelled at the benchmark's end; not imported)")
        }
        guard !samples.isEmpty else { throw fail("benchmarks", "no successful or errored requests") }
        let (orderedSamples, orderedRecords) = ImportedRun.ordered(samples, records: records)
        if let target { notes.insert("target: \(target)", at: 0) }
        return ImportedRun(format: .guidellm, probe: .llm, endpoint: target, samples: orderedSamples, llmRecords: orderedRecords,
                           notes: notes)
    }

    static func request(_ stats: JSONObject, failed: Bool, path: String,
                        fail: (String, String) -> ImportError) throws(ImportError) -> (Sample, LLMRequestRecord) {
        func number(_ object: JSONObject, _ key: String) -> Double? {
            object.fields[key].flatMap(JSONObject.number).flatMap { $0.isFinite ? $0 : nil }
        }
        guard let info = try? stats.object("info") else { throw fail("\(path).info", "missing or not an object") }
        guard let timings = try? info.object("timings") else { throw fail("\(path).info.timings", "missing or not an object") }
        guard let start = number(timings, "request_start") ?? number(timings, "resolve_start") else {
            throw fail("\(path).info.timings", "no request_start or resolve_start")
        }
        guard let end = number(timings, "request_end") ?? number(timings, "resolve_end"), end >= start else {
            throw fail("\(path).info.timings", "no request_end or resolve_end at or after the start")
        }
        func ns(_ seconds: Double) -> Int64 { Int64((seconds * 1e9).rounded()) }
        func us(_ seconds: Double) -> Int64 { Int64((seconds * 1e6).rounded()) }
        let intended = number(timings, "targeted_start") ?? start
        var sample = Sample(providerID: 0, probe: .llm, sequence: 0, intendedNs: ns(intended), startedNs: ns(start))
        let outputMetrics = try? stats.object("output_metrics")
        let usageTokens = outputMetrics.flatMap { number($0, "total_tokens") }
        let outputTokens = Int(number(stats, "output_tokens") ?? usageTokens ?? number(timings, "token_iterations") ?? 0)
        let promptTokens = (number(stats, "prompt_tokens") ?? (try? stats.object("input_metrics")).flatMap { number($0, "total_tokens") })
            .map { Int($0) }
        var record = LLMRequestRecord(providerID: 0, sequence: 0, outputTokens: failed ? 0 : outputTokens,
                                      tokensSource: usageTokens == nil ? .counted : .usage, promptTokens: promptTokens)
        if failed {
            let message = (try? info.string("error")) ?? ""
            sample.errorClass = message.isEmpty ? .other : PythonErrorText.errorClass(message)
        } else {
            sample.totalUs = us(end - start)
            if let first = number(timings, "first_token_iteration"), first >= start {
                sample.ttfbUs = us(first - start)
                record.ttftUs = sample.ttfbUs
                if let last = number(timings, "last_token_iteration"), last >= first, outputTokens > 1 {
                    record.tpotUs = us((last - first) / Double(outputTokens - 1))
                }
            }
        }
        return (sample, record)
    }
}

import Foundation

/// vLLM's serving-benchmark result (`vllm bench serve --save-result --save-detailed`,
/// vllm/benchmarks/serve.py of vLLM 0.10-0.11): one JSON object with the run's settings
/// (`date` as `%Y%m%d-%H%M%S`, `backend`/`endpoint_type`, `model_id`, `num_prompts`,
/// `request_rate`, `max_concurrency`, `duration` in seconds) and, with `--save-detailed`, one
/// entry per request in parallel arrays: `input_lens`, `output_lens`, `ttfts` (s), `itls` (a list
/// of inter-token gaps per request, s), `start_times` (s, on the benchmark's monotonic clock),
/// `errors` ("" when the request succeeded).
///
/// Each request becomes an `llm` sample and its LLM record: chunk offsets TTFT, TTFT + gap 1, ...,
/// end = the last token, TTFT as time to first byte, `output_lens` as the server-side token count.
/// The file has no wall clock beyond `date` (written when the run ended, local time without a
/// zone, read as UTC) and no HTTP status; failed requests keep their error text's class.
enum VLLMResultParser {
    static func parse(_ file: ImportFile) throws(ImportError) -> ImportedRun {
        let (root, text) = try wholeFileObject(file)
        func field<T>(_ key: String, _ read: (String) throws(JSONObject.FieldError) -> T) throws(ImportError) -> T {
            do {
                return try read(key)
            } catch {
                var hint = ""
                if case .missing = error, ["ttfts", "itls", "output_lens", "errors"].contains(key) {
                    hint = " (save the result with --save-detailed)"
                }
                throw file.error(line(of: key, in: text), error.text + hint)
            }
        }
        let ttfts = try field("ttfts", root.array)
        let itls = try field("itls", root.array)
        let outputLens = try field("output_lens", root.array)
        let errors = try field("errors", root.array)
        let inputLens = root.has("input_lens") ? try field("input_lens", root.array) : []
        let startTimes = root.has("start_times") ? try field("start_times", root.array) : []
        let count = ttfts.count
        for (key, array) in [("itls", itls), ("output_lens", outputLens), ("errors", errors)] where array.count != count {
            throw file.error(line(of: key, in: text), "\(key) has \(array.count) entries but ttfts has \(count)")
        }
        for (key, array) in [("input_lens", inputLens), ("start_times", startTimes)] where !array.isEmpty && array.count != count {
            throw file.error(line(of: key, in: text), "\(key) has \(array.count) entries but ttfts has \(count)")
        }
        guard count > 0 else { throw file.error(line(of: "ttfts", in: text), "no requests in ttfts") }
        let duration = root.has("duration") ? try field("duration", root.number) : nil
        let endNs = try anchorNs(root, file: file, text: text)

        var samples: [Sample] = []
        var records: [LLMRequestRecord] = []
        let starts = try startTimes.enumerated().map { (index, value) throws(ImportError) -> Double in
            guard let seconds = JSONObject.number(value), seconds.isFinite else {
                throw file.error(line(of: "start_times", in: text), "start_times[\(index)] is not a number")
            }
            return seconds
        }
        let firstStart = starts.min() ?? 0
        let spanS = duration ?? ((starts.max() ?? 0) - firstStart)
        let originNs = endNs - Int64((spanS * 1e9).rounded())
        for index in 0..<count {
            func bad(_ key: String, _ what: String) -> ImportError {
                file.error(line(of: key, in: text), "\(key)[\(index)] is not \(what)")
            }
            let errorText: String
            switch errors[index] {
            case let message as String: errorText = message
            case is NSNull: errorText = ""
            default: throw bad("errors", "a string")
            }
            guard let ttft = JSONObject.number(ttfts[index]), ttft.isFinite, ttft >= 0 else { throw bad("ttfts", "a number of seconds") }
            guard let gaps = itls[index] as? [Any] else { throw bad("itls", "a list of seconds") }
            guard let outputTokens = JSONObject.integer(outputLens[index]), outputTokens >= 0 else {
                throw bad("output_lens", "a token count")
            }
            var promptTokens: Int?
            if !inputLens.isEmpty {
                guard let tokens = JSONObject.integer(inputLens[index]), tokens >= 0 else { throw bad("input_lens", "a token count") }
                promptTokens = Int(tokens)
            }
            let startedNs = originNs + (starts.isEmpty ? 0 : Int64(((starts[index] - firstStart) * 1e9).rounded()))
            var sample = Sample(providerID: 0, probe: .llm, sequence: Int64(index), intendedNs: startedNs, startedNs: startedNs)
            if errorText.isEmpty {
                var offsets = [Int64((ttft * 1e6).rounded())]
                var elapsed = ttft
                for gap in gaps {
                    guard let seconds = JSONObject.number(gap), seconds.isFinite, seconds >= 0 else { throw bad("itls", "a list of seconds") }
                    elapsed += seconds
                    offsets.append(Int64((elapsed * 1e6).rounded()))
                }
                sample.ttfbUs = offsets[0]
                sample.totalUs = offsets.last!
                records.append(LLMRequestRecord.summarise(providerID: 0, sequence: Int64(index), offsetsUs: offsets,
                                                         endUs: offsets.last!, usageTokens: Int(outputTokens),
                                                         promptTokens: promptTokens))
            } else {
                sample.errorClass = PythonErrorText.errorClass(errorText)
                records.append(LLMRequestRecord(providerID: 0, sequence: Int64(index), outputTokens: 0, tokensSource: .usage,
                                                promptTokens: promptTokens))
            }
            samples.append(sample)
        }
        let (orderedSamples, orderedRecords) = ImportedRun.ordered(samples, records: records)
        var notes = ["\(count) requests"]
        for key in ["model_id", "backend", "endpoint_type", "label", "num_prompts", "request_rate", "burstiness", "max_concurrency", "date"]
            where root.has(key) {
            notes.append("\(key): \(root.fields[key]!)")
        }
        if starts.isEmpty { notes.append("no start_times in the file: every request starts at the run's start") }
        return ImportedRun(format: .vllm, probe: .llm, endpoint: nil, samples: orderedSamples, llmRecords: orderedRecords,
                           notes: notes)
    }

    /// The end of the run: `date` read as UTC, else the file's modification time.
    static func anchorNs(_ root: JSONObject, file: ImportFile, text: String) throws(ImportError) -> Int64 {
        guard root.has("date") else { return file.modifiedNs }
        guard let date = root.fields["date"] as? String, let ns = dateNs(date) else {
            throw file.error(line(of: "date", in: text), "date is not %Y%m%d-%H%M%S")
        }
        return ns
    }

    /// `20251204-213000` as nanoseconds since the epoch, read as UTC.
    static func dateNs(_ text: String) -> Int64? {
        let digits = text.filter(\.isNumber)
        guard text.count == 15, digits.count == 14, Array(text)[8] == "-" else { return nil }
        let value = { (from: Int, count: Int) in Int(digits.dropFirst(from).prefix(count))! }
        let (month, day, hour, minute, second) = (value(4, 2), value(6, 2), value(8, 2), value(10, 2), value(12, 2))
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = CivilTime.days(year: Int64(value(0, 4)), month: month, day: day)
        return (days * 86_400 + Int64(hour * 3600 + minute * 60 + second)) * 1_000_000_000
    }

    /// The 1-based line where `"key"` first appears, else 1.
    /// The file as one JSON object and its text (for line numbers): a file that is not JSON, or is
    /// cut short, fails naming the line the decoder stopped at. Shared by the one-document formats.
    static func wholeFileObject(_ file: ImportFile) throws(ImportError) -> (JSONObject, String) {
        let text = String(decoding: file.bytes, as: UTF8.self)
        do {
            guard let object = try JSONSerialization.jsonObject(with: Data(file.bytes)) as? [String: Any] else {
                throw file.error(1, "not a JSON object")
            }
            return (JSONObject(object), text)
        } catch let failure as ImportError {
            throw failure
        } catch {
            throw file.error(errorLine(error, text: text), "not valid JSON (truncated or malformed): \(reason(error))")
        }
    }

    static func line(of key: String, in text: String) -> Int {
        guard let range = text.range(of: "\"\(key)\"") else { return 1 }
        return text[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }

    /// The line of the fault Foundation's parser names ("around line N", or "around character
    /// N" as on Linux), else the last line: a truncated document fails at its end.
    static func errorLine(_ error: any Error, text: String) -> Int {
        let detail = reason(error)
        for marker in ["line ", "character "] {
            guard let range = detail.range(of: marker),
                  let number = Int(detail[range.upperBound...].prefix { $0.isNumber }) else { continue }
            if marker == "line " { return number }
            let bytes = Array(text.utf8).prefix(number)
            return 1 + bytes.filter { $0 == UInt8(ascii: "\n") }.count
        }
        return max(1, text.reduce(1) { $1 == "\n" ? $0 + 1 : $0 } - (text.hasSuffix("\n") ? 1 : 0))
    }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        let text = (ns.userInfo["NSDebugDescription"] as? String) ?? ns.localizedDescription
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }
}

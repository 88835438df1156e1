/// The result formats `sonde import` reads; docs/import.md gives each mapping.
public enum ImportFormat: String, Sendable, CaseIterable, Codable {
    /// hey's per-request CSV (`hey -o csv`), hey 0.1.4.
    case hey
    /// k6's JSON lines output (`k6 run --out json=FILE`).
    case k6
    /// vegeta's JSON results (`vegeta encode --to json`), vegeta 12.
    case vegeta
    /// GuideLLM's benchmark report JSON (report schema version 2).
    case guidellm
    /// vLLM's `vllm bench serve --save-result --save-detailed` JSON.
    case vllm

    /// Parses one file of this format.
    public func parse(_ file: ImportFile) throws(ImportError) -> ImportedRun {
        switch self {
        case .hey: return try HeyCSVParser.parse(file)
        case .k6: return try K6JSONParser.parse(file)
        case .vegeta: return try VegetaJSONParser.parse(file)
        case .vllm: return try VLLMResultParser.parse(file)
        case .guidellm: return try GuideLLMReportParser.parse(file)
        }
    }

    /// What a run imported from this format cannot tell, in words for its configuration text.
    public var lacks: [String] {
        switch self {
        case .hey:
            return ["no intended send times (closed loop): no coordinated-omission correction",
                    "failed requests are not in the file: no error classes, availability counts successes only",
                    "times at 0.1 ms resolution", "no body sizes", "no wall-clock start: anchored at the file's modification time",
                    "no TLS phase of its own (inside DNS+dialup)"]
        case .k6:
            return ["no intended send times: no coordinated-omission correction", "no DNS phase of its own",
                    "no per-request body sizes (k6 counts data per iteration)"]
        case .vegeta:
            return ["no intended send times (vegeta records the actual start): no coordinated-omission correction",
                    "no connection phases (DNS, connect, TLS, first byte)"]
        case .vllm:
            return ["no intended send times: no coordinated-omission correction",
                    "no HTTP status or phases; end time is the last token (TTFT plus the inter-token gaps)",
                    "start times relative to the benchmark; wall clock from its `date` (local time, read as UTC) or the file's modification time"]
        case .guidellm:
            return ["no per-token times: TTFT and TPOT, but no inter-token gaps",
                    "no HTTP status or connection phases",
                    "incomplete requests (cancelled when a benchmark ended) are counted, not stored",
                    "the benchmarks of one report (e.g. a sweep's rates) share one run"]
        }
    }
}

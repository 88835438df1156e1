import Yams

extension ConfigLoader {
    static let llmKeys: Set<String> = ["path", "model", "prompt_tokens", "max_tokens", "concurrency", "rate", "arrivals",
                                       "requests", "duration", "seed", "slo", "timeout", "chunk_cap"]

    /// Parses `probes.llm`.
    static func parseLLM(_ node: Node, _ reader: YAMLReader) throws(ConfigError) -> LLMProbeSettings {
        let fields = try reader.mapping(node, "probes.llm", allowed: llmKeys)
        var settings = LLMProbeSettings()
        if let n = fields["path"] { settings.path = try path(n, "probes.llm.path", reader) }
        if let n = fields["model"] {
            settings.model = try reader.string(n, "probes.llm.model")
            guard !settings.model.isEmpty else { throw reader.error(n, "probes.llm.model", "must not be empty") }
        }
        if let n = fields["prompt_tokens"] {
            settings.promptTokens = try reader.integer(n, "probes.llm.prompt_tokens", in: 1...1_000_000)
        }
        if let n = fields["max_tokens"] { settings.maxTokens = try reader.integer(n, "probes.llm.max_tokens", in: 1...1_000_000) }
        if fields["concurrency"] != nil && fields["rate"] != nil {
            throw reader.error(fields["rate"], "probes.llm.rate", "set either concurrency or rate, not both")
        }
        if let n = fields["concurrency"] {
            settings.arrivals = .concurrency(try reader.integer(n, "probes.llm.concurrency", in: 1...10_000))
        }
        var process = ArrivalProcess.poisson
        if let n = fields["arrivals"] {
            let text = try reader.string(n, "probes.llm.arrivals")
            guard let value = ArrivalProcess(rawValue: text) else {
                throw reader.error(n, "probes.llm.arrivals", "'\(text)' is not constant or poisson")
            }
            guard fields["rate"] != nil else { throw reader.error(n, "probes.llm.arrivals", "applies only with rate") }
            process = value
        }
        if let n = fields["rate"] {
            let text = try reader.string(n, "probes.llm.rate")
            guard let rate = Grammar.rate(text) else {
                throw reader.error(n, "probes.llm.rate", "'\(text)' is not a rate (use e.g. 2/s or 30/m)")
            }
            guard rate > 0, rate <= 100_000 else { throw reader.error(n, "probes.llm.rate", "must be above 0 and at most 100000/s") }
            settings.arrivals = .rate(rate, process)
        }
        if let n = fields["requests"] { settings.requests = try reader.integer(n, "probes.llm.requests", in: 1...100_000_000) }
        if let n = fields["duration"] { settings.duration = try reader.duration(n, "probes.llm.duration") }
        if let n = fields["seed"] { settings.seed = UInt64(try reader.integer(n, "probes.llm.seed", in: 0...Int.max)) }
        if let n = fields["timeout"] { settings.timeout = try timeout(n, "probes.llm.timeout", reader) }
        if let n = fields["chunk_cap"] { settings.chunkCap = try reader.integer(n, "probes.llm.chunk_cap", in: 0...Int(Int32.max)) }
        if let slo = fields["slo"] {
            let sloFields = try reader.mapping(slo, "probes.llm.slo", allowed: ["ttft", "tpot"])
            if let n = sloFields["ttft"] { settings.sloTTFT = try reader.duration(n, "probes.llm.slo.ttft") }
            if let n = sloFields["tpot"] { settings.sloTPOT = try reader.duration(n, "probes.llm.slo.tpot") }
        }
        return settings
    }
}

extension ConfigLoader {
    /// `probes.llm` of a `probes` section, when it names one.
    static func parseLLMSection(_ probes: Node?, _ reader: YAMLReader) throws(ConfigError) -> LLMProbeSettings? {
        guard case let .mapping(mapping)? = probes else { return nil }
        for (key, value) in mapping where key.string == ProbeKind.llm.rawValue {
            return try parseLLM(value, reader)
        }
        return nil
    }
}

import Yams

extension ConfigLoader {
    static let llmKeys: Set<String> = ["path", "model", "prompt_tokens", "max_tokens", "concurrency", "rate", "arrivals",
                                       "requests", "duration", "seed", "slo", "timeout", "chunk_cap", "sweep"]

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
        if let n = fields["sweep"] {
            if let other = fields["concurrency"] ?? fields["rate"] {
                throw reader.error(other, "probes.llm.sweep", "a sweep sets its own rates: drop concurrency and rate")
            }
            guard settings.sloTTFT != nil || settings.sloTPOT != nil else {
                throw reader.error(n, "probes.llm.sweep", "needs probes.llm.slo (ttft and/or tpot): the knee is where the SLO breaks")
            }
            settings.sweep = try parseSweep(n, reader)
        }
        return settings
    }

    static let sweepKeys: Set<String> = ["step", "rates", "refine", "max_steps", "ceiling_concurrency", "overload", "target"]

    /// Parses `probes.llm.sweep`.
    static func parseSweep(_ node: Node, _ reader: YAMLReader) throws(ConfigError) -> LLMSweepSettings {
        let fields = try reader.mapping(node, "probes.llm.sweep", allowed: sweepKeys)
        var sweep = LLMSweepSettings()
        if let n = fields["step"] {
            sweep.step = try reader.duration(n, "probes.llm.sweep.step")
            guard sweep.step > .zero else { throw reader.error(n, "probes.llm.sweep.step", "must be above 0") }
        }
        if let n = fields["rates"] { sweep.rates = try reader.integer(n, "probes.llm.sweep.rates", in: 1...100) }
        if let n = fields["refine"] {
            sweep.refine = try reader.fraction(n, "probes.llm.sweep.refine")
            guard sweep.refine >= 0.001 else { throw reader.error(n, "probes.llm.sweep.refine", "must be at least 0.1%") }
        }
        if let n = fields["max_steps"] { sweep.maxSteps = try reader.integer(n, "probes.llm.sweep.max_steps", in: 3...1000) }
        if let n = fields["ceiling_concurrency"] {
            sweep.ceilingConcurrency = try reader.integer(n, "probes.llm.sweep.ceiling_concurrency", in: 1...10_000)
        }
        if let n = fields["target"] {
            sweep.target = try reader.fraction(n, "probes.llm.sweep.target")
            guard sweep.target > 0 else { throw reader.error(n, "probes.llm.sweep.target", "must be above 0") }
        }
        if let overload = fields["overload"] {
            let o = try reader.mapping(overload, "probes.llm.sweep.overload", allowed: ["backlog", "for"])
            if let n = o["backlog"] { sweep.overloadBacklog = try reader.integer(n, "probes.llm.sweep.overload.backlog", in: 1...1_000_000) }
            if let n = o["for"] { sweep.overloadFor = try reader.duration(n, "probes.llm.sweep.overload.for") }
        }
        return sweep
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

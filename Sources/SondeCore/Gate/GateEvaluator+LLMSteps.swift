/// The LLM timing rules (`p50_ttft`, `p99_ttft`, `p50_tpot`, `p99_tpot`) for capacity sweeps:
/// one outcome per pair of steps at the same offered rate (`LLMStepTimings.match`), named
/// `provider (12.34 req/s)`, each judged exactly as a plain LLM run's pooled requests are; a step
/// of either side without a partner is a skipped outcome that names it. Plain LLM runs are not
/// affected (no steps on either side).
extension GateEvaluator {
    /// The outcomes of `rule` step by step, or `nil` when neither side swept or the rule is not
    /// an LLM timing rule (then the ordinary evaluation applies).
    static func llmSteps(_ rule: GateRules.Rule, provider: String, _ before: GateSample, _ after: GateSample,
                         level: Double, seed: UInt64) -> [GateVerdict.Outcome]? {
        guard [.p50TTFT, .p99TTFT, .p50TPOT, .p99TPOT].contains(rule.metric),
              !before.llmSteps.isEmpty || !after.llmSteps.isEmpty else { return nil }
        if before.llmSteps.isEmpty {
            let why = before.ttftUs.isEmpty ? "the baseline has no capacity sweep (the candidate's steps have nothing to compare with)"
                : "the baseline pools its LLM requests (a plain LLM run, or a report written before timings per step): "
                    + "the candidate's sweep is compared step by step"
            return [skipped(provider, rule, why)]
        }
        if after.llmSteps.isEmpty {
            return [skipped(provider, rule, "the baseline swept and the candidate did not: steps are compared only with steps")]
        }
        let ttft = rule.metric == .p50TTFT || rule.metric == .p99TTFT
        return LLMStepTimings.match(baseline: before.llmSteps, candidate: after.llmSteps).map { pair in
            guard let b = pair.baseline else {
                let c = pair.candidate!
                return skipped("\(provider) (\(c.label))", rule, "candidate step \(c.step) has no baseline step at that rate "
                    + "(within \(Format.fixed(LLMStepTimings.rateTolerance * 100, 0))%)")
            }
            let name = "\(provider) (\(b.label))"
            guard let c = pair.candidate else {
                return skipped(name, rule, "baseline step \(b.step) has no candidate step at that rate "
                    + "(within \(Format.fixed(LLMStepTimings.rateTolerance * 100, 0))%)")
            }
            var baseline = GateSample(totalsUs: [], throughputs: [], attempts: 0, failures: 0)
            var candidate = baseline
            baseline.ttftUs = b.ttftUs.map(Double.init)
            baseline.tpotUs = b.tpotUs.map(Double.init)
            candidate.ttftUs = c.ttftUs.map(Double.init)
            candidate.tpotUs = c.tpotUs.map(Double.init)
            var outcome = evaluate(rule, provider: name, baseline, candidate, level: level, seed: seed)
            if b.kind == .rate {
                outcome.summary += " [\((ttft ? "TTFT from the intended send" : "TPOT")); baseline step \(b.step) at "
                    + "\(Format.fixed(b.offeredRate, 2)) req/s, candidate step \(c.step) at \(Format.fixed(c.offeredRate, 2)) req/s]"
            }
            return outcome
        }
    }
}

extension GateSample {
    /// Adds a stored run's LLM requests: a provider that swept gets its steps (`llmSteps`), any
    /// other its pooled TTFT and TPOT (`attach(_:to:)`), adding providers that only ran the LLM probe.
    public static func attach(llm data: [LLMProviderData], to samples: inout [String: GateSample]) {
        attach(data.filter { !CapacityReport.isSweep($0) }.map(LLMSeries.init), to: &samples)
        for provider in data where CapacityReport.isSweep(provider) {
            attach(steps: LLMStepTimings.steps(provider).map { (provider.provider.name, $0) }, to: &samples)
        }
    }

    /// Adds sweep steps to the providers they belong to, in the order given.
    public static func attach(steps: [(name: String, step: LLMStepTimings)], to samples: inout [String: GateSample]) {
        for (name, step) in steps {
            var sample = samples[name] ?? GateSample(totalsUs: [], throughputs: [], attempts: 0, failures: 0)
            sample.llmSteps.append(step)
            samples[name] = sample
        }
    }
}

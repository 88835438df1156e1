/// The `capacity` gate rule (docs/ci.md): `CapacityRule` at the rules' level, its limit the
/// rule's `max_decrease` read as an absolute drop in the share of requests meeting the SLO.
extension GateEvaluator {
    static func capacity(_ rule: GateRules.Rule, provider: String, _ before: GateSample, _ after: GateSample,
                         level: Double) -> GateVerdict.Outcome {
        guard case let .maxDecrease(limit) = rule.limit else {
            return skipped(provider, rule, "capacity takes max_decrease (an absolute drop in the share meeting the SLO)")
        }
        guard let baseline = before.capacity else { return skipped(provider, rule, "the baseline has no capacity sweep") }
        guard let candidate = after.capacity else { return skipped(provider, rule, "the candidate has no capacity sweep") }
        guard baseline.knee != nil else { return skipped(provider, rule, "the baseline's sweep has no knee (no rate met the SLO)") }
        let checker = CapacityRule(level: level, limit: min(limit, 1))
        guard let finding = checker.evaluate(baseline: baseline, candidate: candidate) else {
            return skipped(provider, rule, "the candidate's sweep has no constant-rate step")
        }
        var status: GateVerdict.Status = finding.failed ? .regression : .pass
        if !finding.failed, -finding.drop > limit {
            // The mirror image: significantly more requests meet the SLO, by more than the limit.
            let p = FisherExact.pValue(finding.baseline.meetingSLO, finding.baseline.requests - finding.baseline.meetingSLO,
                                       finding.candidate.meetingSLO, finding.candidate.requests - finding.candidate.meetingSLO,
                                       alternative: .less)
            if p < level { status = .improvement }
        }
        let b = finding.baseline, c = finding.candidate
        let summary = "\(provider) capacity at \(Format.fixed(finding.rate, 2)) req/s (the baseline's knee): "
            + "\(Format.percent(b.share)) (\(b.meetingSLO)/\(b.requests)) → \(Format.percent(c.share)) (\(c.meetingSLO)/\(c.requests)) "
            + "meeting the SLO; drop \(Format.fixed(finding.drop * 100, 1)) points, Fisher p \(Format.fixed(finding.pValue, 4)); "
            + "limit \(rule.limit.description): \(status.rawValue)"
        return GateVerdict.Outcome(provider: provider, rule: rule, status: status, change: nil, summary: summary)
    }
}

extension GateSample {
    /// Adds capacity sweeps to the providers they belong to (adding providers that only swept).
    public static func attach(capacity: [(name: String, sweep: CapacityAnalysis.Provider)], to samples: inout [String: GateSample]) {
        for (name, sweep) in capacity {
            var sample = samples[name] ?? GateSample(totalsUs: [], throughputs: [], attempts: 0, failures: 0)
            sample.capacity = sweep
            samples[name] = sample
        }
    }

    /// Adds the capacity sweeps of a run's stored LLM requests, judged by the run's own SLO and
    /// sweep target.
    public static func attach(capacity report: CapacityReport?, to samples: inout [String: GateSample]) {
        attach(capacity: (report?.providers ?? []).map { ($0.name, $0.sweep) }, to: &samples)
    }
}

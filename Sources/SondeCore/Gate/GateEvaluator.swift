/// Applies gate rules to a baseline and a candidate, provider by provider. A rule fails only
/// when the change exceeds its limit *and* is significant at the rules' one-sided level, so
/// that noise alone rarely fails a build (the rates are measured in docs/statistics.md).
public enum GateEvaluator {
    public static func evaluate(baseline: [String: GateSample], candidate: [String: GateSample], rules: GateRules,
                                baselineName: String, candidateName: String) -> GateVerdict {
        var outcomes: [GateVerdict.Outcome] = []
        for provider in candidate.keys.sorted() {
            let after = candidate[provider]!
            for rule in rules.rules(for: provider) {
                guard let before = baseline[provider] else {
                    outcomes.append(skipped(provider, rule, "not in the baseline"))
                    continue
                }
                if let steps = llmSteps(rule, provider: provider, before, after, level: rules.level, seed: rules.seed) {
                    outcomes += steps
                    continue
                }
                outcomes.append(evaluate(rule, provider: provider, before, after, level: rules.level, seed: rules.seed))
            }
        }
        for provider in baseline.keys.sorted() where candidate[provider] == nil {
            for rule in rules.rules(for: provider) {
                outcomes.append(skipped(provider, rule, "not in the candidate"))
            }
        }
        return GateVerdict(outcomes: outcomes, level: rules.level, baselineName: baselineName, candidateName: candidateName)
    }

    static func skipped(_ provider: String, _ rule: GateRules.Rule, _ why: String) -> GateVerdict.Outcome {
        GateVerdict.Outcome(provider: provider, rule: rule, status: .skipped, change: nil,
                            summary: "\(provider) \(rule.metric.rawValue): skipped, \(why)")
    }

    static func evaluate(_ rule: GateRules.Rule, provider: String, _ before: GateSample, _ after: GateSample,
                         level: Double, seed: UInt64) -> GateVerdict.Outcome {
        let name = "\(provider) \(rule.metric.rawValue)"
        if rule.metric == .capacity { return capacity(rule, provider: provider, before, after, level: level) }
        if case let .max(ceiling) = rule.limit {
            // An absolute ceiling: fail when even the optimistic bound of the candidate's rate is above it.
            let rate = after.attempts > 0 ? Double(after.failures) / Double(after.attempts) : 0
            let lowerBound = GateStatistics.proportionLowerBound(failures: after.failures, attempts: after.attempts, level: level)
            let status: GateVerdict.Status = after.attempts > 0 && lowerBound > ceiling ? .regression : .pass
            // The rates of both sides travel with the outcome so that tables show them; the verdict
            // is the ceiling's alone.
            let rates = before.attempts > 0 && after.attempts > 0
                ? GateStatistics.proportionChange(baselineFailures: before.failures, baselineAttempts: before.attempts,
                                                  candidateFailures: after.failures, candidateAttempts: after.attempts, level: level)
                : nil
            return GateVerdict.Outcome(
                provider: provider, rule: rule, status: status, change: rates,
                summary: "\(name) \(Format.percent(rate)) (\(after.failures)/\(after.attempts); lower bound \(Format.percent(lowerBound))) "
                    + "vs limit \(Format.percent(ceiling)): \(status.rawValue)")
        }
        guard let change = measure(rule.metric, before, after, level: level, seed: seed) else {
            return skipped(provider, rule, "no \(rule.metric.rawValue) data on both sides")
        }
        let status = judge(change, limit: rule.limit, level: level)
        let relative = change.ratio.point - 1
        let sign = relative >= 0 ? "+" : "−"
        let summary = "\(name) \(sign)\(Format.fixed(abs(relative) * 100, 1))% "
            + "(\(Format.fixed(change.baseline, 1)) → \(Format.fixed(change.candidate, 1)); ratio CI "
            + "\(Format.fixed(change.ratio.lower, 3))–\(Format.fixed(change.ratio.upper, 3)); "
            + "p↑ \(Format.fixed(change.pIncrease, 4)), p↓ \(Format.fixed(change.pDecrease, 4))) "
            + "limit \(rule.limit.description): \(status.rawValue)" + detectability(change, rule: rule, status: status)
        return GateVerdict.Outcome(provider: provider, rule: rule, status: status, change: change, summary: summary)
    }

    /// What the rule could have seen (`DetectableChange`): on a pass, "no change larger than
    /// +14.2% in p99_total could have been missed with 80% probability"; and when the samples are
    /// too few for the rule's own limit to decide, says so with the size that would.
    static func detectability(_ change: MetricChange, rule: GateRules.Rule, status: GateVerdict.Status) -> String {
        guard let d = change.detectable, let smallest = d.forRule(rule.limit) else { return "" }
        let power = Format.fixed(d.power * 100, 0)
        let sign: String
        let limit: Double
        switch rule.limit {
        case let .maxIncrease(v): (sign, limit) = ("+", v)
        case let .maxDecrease(v): (sign, limit) = ("−", v)
        case .max: return ""
        }
        var out = ""
        if status == .pass {
            out += "; no change larger than \(sign)\(Format.fixed(smallest * 100, 1))% in \(rule.metric.rawValue) "
                + "could have been missed with \(power)% probability"
        }
        if !d.resolves(rule.limit) {
            let test = sign == "+" ? d.testIncrease : d.testDecrease
            out += "; cannot detect its own limit (\(sign)\(Format.fixed(limit * 100, 1))%) with "
                + "\(d.baselineCount)/\(d.candidateCount) values (the test alone needs \(sign)\(Format.fixed(test * 100, 1))% "
                + "for \(power)% power"
            if let n = d.samplesPerSide(toDetect: sign == "+" ? limit : -limit) {
                out += "; about \(n) values a side would detect \(sign)\(Format.fixed(limit * 100, 1))%"
            }
            out += ")"
        }
        return out
    }

    /// Regression when the change is past the limit in the bad direction and significant;
    /// improvement when the same holds in the good direction.
    static func judge(_ change: MetricChange, limit: GateRules.Limit, level: Double) -> GateVerdict.Status {
        switch limit {
        case let .maxIncrease(allowed):
            if change.ratio.point > 1 + allowed && change.pIncrease < level { return .regression }
            if change.ratio.point < 1 - allowed && change.pDecrease < level { return .improvement }
        case let .maxDecrease(allowed):
            if change.ratio.point < 1 - allowed && change.pDecrease < level { return .regression }
            if change.ratio.point > 1 + allowed && change.pIncrease < level { return .improvement }
        case .max:
            break
        }
        return .pass
    }

    static func measure(_ metric: GateRules.Metric, _ before: GateSample, _ after: GateSample,
                        level: Double, seed: UInt64) -> MetricChange? {
        let enough = before.totalsUs.count >= 2 && after.totalsUs.count >= 2
        switch metric {
        case .p50Total, .p90Total, .p99Total:
            guard enough else { return nil }
            let p = metric == .p50Total ? 0.5 : metric == .p90Total ? 0.9 : 0.99
            return GateStatistics.quantileChange(baseline: before.totalsUs, candidate: after.totalsUs, p: p, level: level, seed: seed)
        case .varianceTotal, .iqrTotal, .madTotal:
            guard enough else { return nil }
            let measure: SpreadMeasure = metric == .varianceTotal ? .variance : metric == .iqrTotal ? .iqr : .mad
            return GateStatistics.spreadChange(baseline: before.totalsUs, candidate: after.totalsUs, measure: measure,
                                               level: level, seed: seed)
        case .errorRate:
            guard before.attempts > 0, after.attempts > 0 else { return nil }
            return GateStatistics.proportionChange(baselineFailures: before.failures, baselineAttempts: before.attempts,
                                                   candidateFailures: after.failures, candidateAttempts: after.attempts, level: level)
        case .throughput:
            guard before.throughputs.count >= 2, after.throughputs.count >= 2 else { return nil }
            return GateStatistics.meanChange(baseline: before.throughputs, candidate: after.throughputs, level: level, seed: seed)
        case .p50TTFT, .p99TTFT, .p50TPOT, .p99TPOT:
            let ttft = metric == .p50TTFT || metric == .p99TTFT
            let (b, c) = ttft ? (before.ttftUs, after.ttftUs) : (before.tpotUs, after.tpotUs)
            guard b.count >= 2, c.count >= 2 else { return nil }
            let p = metric == .p50TTFT || metric == .p50TPOT ? 0.5 : 0.99
            return GateStatistics.quantileChange(baseline: b, candidate: c, p: p, level: level, seed: seed)
        case .bandwidth, .timeToProvision, .capacity:
            return nil
        }
    }
}

/// The multi-run gate (docs/ci.md, "Multi-run baselines"): each rule compares the candidate run's
/// statistic with the same statistic of every baseline run (`RunPrediction`), so the spread
/// between runs (slow periods minutes or hours apart) is part of what the candidate is allowed.
/// A rule fails, as in the single-run gate, only when the change exceeds its limit *and* is
/// significant at the rules' one-sided level.
extension GateEvaluator {
    /// Metrics a multi-run baseline does not compare: their per-run summaries are not kept.
    public static let notAcrossRuns: Set<GateRules.Metric> = [.bandwidth, .timeToProvision, .capacity]

    /// Compares `candidate` with the baseline `runs` (a run with the candidate's id is left out).
    public static func evaluate(runs: [GateRunSummary], candidate: GateRunSummary, rules: GateRules,
                                baselineName: String, candidateName: String) -> GateVerdict {
        let baseline = runs.filter { $0.runID != candidate.runID }
        var outcomes: [GateVerdict.Outcome] = []
        for after in candidate.providers {
            let provider = after.name
            let history = baseline.compactMap { $0.provider(provider) }
            for rule in rules.rules(for: provider) {
                if history.isEmpty {
                    outcomes.append(skipped(provider, rule, "not in any baseline run"))
                } else {
                    outcomes.append(acrossRuns(rule, provider: provider, history, after, level: rules.level))
                }
            }
        }
        let present = Set(candidate.providers.map(\.name))
        for provider in Set(baseline.flatMap { $0.providers.map(\.name) }).subtracting(present).sorted() {
            for rule in rules.rules(for: provider) { outcomes.append(skipped(provider, rule, "not in the candidate")) }
        }
        return GateVerdict(outcomes: outcomes, level: rules.level, baselineName: baselineName, candidateName: candidateName)
    }

    /// One rule for one provider against its baseline runs `history`.
    static func acrossRuns(_ rule: GateRules.Rule, provider: String, _ history: [GateRunSummary.ProviderSummary],
                           _ after: GateRunSummary.ProviderSummary, level: Double) -> GateVerdict.Outcome {
        let name = "\(provider) \(rule.metric.rawValue)"
        if notAcrossRuns.contains(rule.metric) {
            return skipped(provider, rule, "not compared across runs (a multi-run baseline keeps latency, spread, "
                + "throughput, error-rate and LLM timing statistics per run)")
        }
        if case .max = rule.limit {
            // An absolute ceiling looks at the candidate alone, as in the single-run gate.
            let sample = GateSample(totalsUs: [], throughputs: [], attempts: after.attempts, failures: after.failures)
            return evaluate(rule, provider: provider, sample, sample, level: level, seed: 0)
        }
        let change: MetricChange?
        if rule.metric == .errorRate {
            // Rates of zero have no logarithm: the failures of the baseline runs are pooled (Fisher's
            // exact test), which does not count between-run variation (docs/ci.md says so).
            let attempts = history.reduce(0) { $0 + $1.attempts }, failures = history.reduce(0) { $0 + $1.failures }
            change = attempts > 0 && after.attempts > 0
                ? GateStatistics.proportionChange(baselineFailures: failures, baselineAttempts: attempts,
                                                  candidateFailures: after.failures, candidateAttempts: after.attempts,
                                                  level: level)
                : nil
        } else {
            change = after.value(rule.metric).flatMap { value in
                RunPrediction.change(baseline: history.compactMap { $0.value(rule.metric) }, candidate: value,
                                     level: level, name: rule.metric.rawValue)
            }
        }
        guard let change else {
            return skipped(provider, rule, "needs the metric in the candidate and in at least \(RunPrediction.minimumRuns) baseline runs")
        }
        let status = judge(change, limit: rule.limit, level: level)
        let relative = change.ratio.point - 1
        let sign = relative >= 0 ? "+" : "−"
        let runs = history.filter { $0.value(rule.metric) != nil }.count
        let summary = "\(name) \(sign)\(Format.fixed(abs(relative) * 100, 1))% against \(runs) baseline runs "
            + "(\(Format.fixed(change.baseline, 1)) → \(Format.fixed(change.candidate, 1)); ratio CI "
            + "\(Format.fixed(change.ratio.lower, 3))–\(Format.fixed(change.ratio.upper, 3)); "
            + "p↑ \(Format.fixed(change.pIncrease, 4)), p↓ \(Format.fixed(change.pDecrease, 4))) "
            + "limit \(rule.limit.description): \(status.rawValue)"
        return GateVerdict.Outcome(provider: provider, rule: rule, status: status, change: change, summary: summary)
    }

    /// Adds the change points of `search` to `verdict`: a recent change that made a gated metric
    /// worse is a regression, one that made it better an improvement; older ones are not added.
    public static func adding(_ search: RecentChangePoints.Search, to verdict: GateVerdict, rules: GateRules) -> GateVerdict {
        var result = verdict
        for point in search.recent {
            guard let rule = rules.rules(for: point.provider).first(where: { $0.metric == point.metric }) else { continue }
            let c = point.change
            let status: GateVerdict.Status = point.isWorse ? .regression : .improvement
            let time = CivilTime(epochSeconds: point.startedNs / 1_000_000_000).isoText
            let summary = "\(point.provider) \(point.metric.rawValue): change point at run \(point.runID) (\(time)), "
                + "\(point.runsAgo) run\(point.runsAgo == 1 ? "" : "s") ago: per-run median \(Format.fixed(c.before.median, 1)) → "
                + "\(Format.fixed(c.after.median, 1)) (\(c.before.count) → \(c.after.count) runs), shift \(Format.fixed(c.shift.point, 1)) "
                + "(\(Format.fixed(c.shift.confidence * 100, 0))% CI \(Format.fixed(c.shift.lower, 1))–\(Format.fixed(c.shift.upper, 1))), "
                + "permutation p \(Format.fixed(c.pValue, 4)) (level \(Format.fixed(search.settings.seriesLevel, 5)), "
                + "\(search.seriesTested) series): \(status.rawValue)"
            result.outcomes.append(GateVerdict.Outcome(provider: point.provider, rule: rule, status: status, change: nil,
                                                       summary: summary, changePoint: point))
        }
        return result
    }
}

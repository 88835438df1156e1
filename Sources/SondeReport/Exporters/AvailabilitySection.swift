import SondeCore

/// The availability section (heartbeat probe) of the Markdown report, and the wording the HTML
/// report shares: interruptions, availability, MTBF with its interval, MTTR and checkpoint advice.
struct AvailabilitySection {
    let escape: (String) -> String

    func markdown(_ input: ReportInput) -> String {
        guard let analysis = input.availability, !analysis.rows.isEmpty else { return "" }
        let level = Self.level(analysis)
        var out = "\n## Availability\n\n" + Self.method(analysis) + "\n\n"
        out += "| provider | heartbeats | failed | interruptions | availability | observed | MTBF | \(level) interval | MTTR |\n"
        out += "|---|--:|--:|--:|--:|--:|--:|---|--:|\n"
        for row in analysis.rows {
            out += "| " + ([escape(row.provider.name)] + Self.cells(row)).joined(separator: " | ") + " |\n"
        }
        out += "\n### Checkpointing\n\n" + Self.checkpointMethod(analysis.job) + "\n\n"
        out += "| provider | MTBF used | checkpoint every (Daly) | Young | expected completion | lost per interruption | "
        out += "P(done without checkpoints) | expected completion without checkpoints |\n|---|--:|--:|--:|--:|--:|--:|--:|\n"
        for row in analysis.rows {
            guard let advice = row.advice else { continue }
            out += "| " + ([escape(row.provider.name)] + Self.adviceCells(advice)).joined(separator: " | ") + " |\n"
        }
        let sentences = analysis.rows.compactMap { row in row.advice.map { "- \(escape(row.provider.name)): " + Self.sentence($0) } }
        if !sentences.isEmpty { out += "\n" + sentences.joined(separator: "\n") + "\n" }
        return out
    }

    /// `95%` for a confidence of 0.95.
    static func level(_ analysis: AvailabilityAnalysis) -> String {
        NumberFormatting.fixed(analysis.confidence * 100, digits: analysis.confidence * 100 == (analysis.confidence * 100).rounded() ? 0 : 1) + "%"
    }

    static func method(_ analysis: AvailabilityAnalysis) -> String {
        "A heartbeat per provider on its own schedule; an interruption is \(analysis.failuresToInterrupt) or more "
            + "consecutive failed heartbeats, from the first failure's intended send to the next success's (shorter runs of "
            + "failures are counted, not interruptions). Observed: first to last heartbeat; availability = 1 − interrupted "
            + "time / observed time. MTBF = up-time / interruptions with an exact \(level(analysis)) chi-square interval "
            + "(Poisson failures over the up-time, time-truncated: Epstein 1960); with no interruption, a one-sided lower "
            + "bound (≥). MTTR: mean length of the interruptions that ended."
    }

    static func checkpointMethod(_ job: CheckpointJob) -> String {
        "For a job of \(text(job.length)) of compute, \(text(job.checkpointCost)) per checkpoint and \(text(job.restartCost)) "
            + "to restart, assuming exponential up-times at the MTBF (the lower bound when none was seen): Young (1974) "
            + "√(2·δ·M), Daly (2006) higher-order interval and expected completion time; lost per interruption = expected "
            + "work since the last checkpoint + restart; without checkpoints the job completes uninterrupted with probability "
            + "exp(−length/MTBF)."
    }

    static func cells(_ row: AvailabilityAnalysis.Row) -> [String] {
        let mtbf = row.mtbf
        // Down from the first heartbeat to the last: no up-time, so nothing to estimate from.
        let noUpTime = mtbf.timeAtRiskUs == 0
        let point = mtbf.pointUs.map(duration) ?? "≥ \(duration(mtbf.lowerUs))"
        let interval = mtbf.upperUs.map { "\(duration(mtbf.lowerUs)) – \(duration($0))" } ?? "≥ \(duration(mtbf.lowerUs)) (one-sided)"
        return [String(row.attempts), String(row.failures), String(row.interruptions),
                row.availability.map { NumberFormatting.fixed($0 * 100, digits: 2) + "%" } ?? "–",
                duration(row.observedUs), noUpTime ? "–" : point, noUpTime ? "no up-time" : interval,
                row.mttrUs.map(duration) ?? "–"]
    }

    static func adviceCells(_ advice: CheckpointAdvice) -> [String] {
        [(advice.mtbfBasis == "point" ? "" : "≥ ") + duration(advice.mtbfUs), duration(advice.dalyIntervalUs),
         duration(advice.youngIntervalUs), duration(advice.expectedCompletionUs), duration(advice.expectedLossPerInterruptionUs),
         probability(advice.completionProbabilityWithoutCheckpoints), duration(advice.expectedCompletionWithoutCheckpointsUs)]
    }

    /// "at this MTBF, checkpoint every 47 min; without checkpoints a 40 h job completes with probability 0.31".
    static func sentence(_ advice: CheckpointAdvice) -> String {
        let basis = advice.mtbfBasis == "point" ? "at this MTBF" : "at the MTBF's lower bound (no interruption seen)"
        return "\(basis), checkpoint every \(duration(advice.dalyIntervalUs)); without checkpoints a \(text(advice.job.length)) "
            + "job completes with probability \(probability(advice.completionProbabilityWithoutCheckpoints))."
    }

    static func probability(_ p: Double) -> String {
        p >= 0.01 ? NumberFormatting.fixed(p, digits: 2) : (p < 1e-6 ? "< 0.000001" : NumberFormatting.fixed(p, digits: 6))
    }

    static func text(_ value: Duration) -> String { duration(Double(value.microseconds)) }

    /// A time for people: `850 ms`, `12.5 s`, `47 min`, `3.2 h`, `4.1 d`, or `> 100 years`.
    static func duration(_ us: Double) -> String {
        guard us.isFinite, us < 100 * 365.25 * 86_400e6 else { return "> 100 years" }
        let s = us / 1e6
        if s < 1 { return NumberFormatting.fixed(us / 1000, digits: 0) + " ms" }
        if s < 60 { return NumberFormatting.fixed(s, digits: 1) + " s" }
        if s < 3600 { return NumberFormatting.fixed(s / 60, digits: s < 600 ? 1 : 0) + " min" }
        if s < 86_400 * 2 { return NumberFormatting.fixed(s / 3600, digits: 1) + " h" }
        return NumberFormatting.fixed(s / 86_400, digits: 1) + " d"
    }
}

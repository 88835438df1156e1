import SondeCore

/// The heartbeat probe's section: interruptions, availability, MTBF with its interval, MTTR and
/// checkpoint advice. Its wording helpers are shared with the HTML chart's notes.
struct AvailabilitySection: ReportSectionSource {
    func sections(_ input: RunAnalysis) -> [ReportSection] {
        guard let analysis = input.availability, !analysis.rows.isEmpty else { return [] }
        let level = Self.level(analysis)
        var figures = ReportTable(id: "interruptions", columns: [
            .name("provider"), .number("heartbeats"), .number("failed"), .number("interruptions"), .number("availability", unit: "%"),
            .number("observed"), .number("MTBF"), .init("\(level) interval"), .number("MTTR"),
        ])
        for row in analysis.rows { figures.add([row.provider.name] + Self.cells(row)) }
        var advice = ReportTable(id: "checkpointing", columns: [
            .name("provider"), .number("MTBF used"), .number("checkpoint every (Daly)"), .number("Young"), .number("expected completion"),
            .number("lost per interruption"), .number("P(done without checkpoints)"), .number("expected completion without checkpoints"),
        ])
        var sentences: [ReportText] = []
        for row in analysis.rows {
            guard let a = row.advice else { continue }
            advice.add([row.provider.name] + Self.adviceCells(a))
            sentences.append(.name(row.provider.name) + ReportText(": " + Self.sentence(a)))
        }
        var blocks: [ReportBlock] = [.text(ReportText(Self.method(analysis))), .figure("availability"), .table(figures),
                                     .heading("Checkpointing"), .text(ReportText(Self.checkpointMethod(analysis.job))), .table(advice)]
        if !sentences.isEmpty { blocks.append(.list(sentences)) }
        return [ReportSection(id: "availability", title: "Availability", blocks: blocks)]
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

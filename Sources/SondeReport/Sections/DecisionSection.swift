import Foundation
import SondeCore

/// "Which provider for this workload": per training workload, the priced providers ranked by
/// expected time to result and by expected cost, with their intervals, the same without
/// checkpoints, the inputs used (measured or stated), comparisons with the best, and what the
/// data can and cannot yet tell apart (docs/decision.md).
struct DecisionSection: ReportSectionSource {
    func sections(_ analysis: RunAnalysis) -> [ReportSection] {
        guard let decision = analysis.decision else { return [] }
        let level = "\(Int(((decision.training.first?.byTime.first?.confidence ?? 0.95) * 100).rounded()))%"
        var blocks: [ReportBlock] = [.text(ReportText(
            "Expected time to result (stated wait + time to a machine + the job, re-provisioning after every interruption) "
            + "and expected cost (billed machine time × price) of each configured training job on each priced provider, "
            + "interruptions taken as a Poisson process at the measured rate, checkpoints every Daly (2006) interval. "
            + "Intervals (\(level)) from \(decision.resamples) joint draws of the measured inputs: the interruption rate "
            + "from the mid-p chi-square confidence distribution, the time to provision by bootstrap; a stated wait enters "
            + "as stated. A comparison is the interval of the ratio to the best provider; one that contains 1 is "
            + "\"not distinguishable\". Method and its checks: docs/decision.md."))]
        if !decision.timeScales.isEmpty {
            let scales = decision.timeScales.sorted { $0.key < $1.key }.map { "\($0.key) 1:\(NumberFormat.fixed($0.value, digits: 0))" }
            blocks.append(.text(ReportText("Emulated providers state a time scale (\(scales.joined(separator: ", "))): their measured "
                + "watch and provisioning times are multiplied by it, so a measured second stands for that many modelled seconds.")))
        }
        if !decision.evidence.isEmpty {
            blocks.append(.heading("Inputs"))
            blocks.append(.table(inputs(decision)))
        }
        for (index, training) in decision.training.enumerated() {
            let job = training.workload
            blocks.append(.heading(ReportText("\(job.name): \(Self.duration(job.compute.seconds)) of compute, checkpoint "
                + "\(Self.duration(job.checkpointCost.seconds)), restart \(Self.duration(job.restartCost.seconds))")))
            blocks.append(.text("Ranked by expected time to result, with checkpoints:"))
            blocks.append(.table(ranking(training.byTime, id: "time-\(index)", comparisons: training.comparisons, measure: .timeToResult)))
            blocks.append(.text("Ranked by expected cost, with checkpoints:"))
            blocks.append(.table(ranking(training.byCost, id: "cost-\(index)", comparisons: training.comparisons, measure: .cost)))
            blocks.append(.text("Without checkpoints (an interruption loses the whole run so far), ranked by expected time to result:"))
            blocks.append(.table(ranking(training.withoutCheckpoints, id: "nocheckpoint-\(index)",
                                         comparisons: training.comparisonsWithoutCheckpoints, measure: .timeToResult)))
            var verdicts = training.comparisons.map { ReportText($0.summary) }
            verdicts += training.comparisonsWithoutCheckpoints.map { ReportText($0.summary + " (without checkpoints)") }
            if let advice = training.advice { verdicts.append(ReportText(advice.summary)) }
            if !verdicts.isEmpty { blocks.append(.list(verdicts)) }
        }
        for (index, inference) in decision.inference.enumerated() {
            blocks.append(.heading(ReportText("\(inference.workload.name): inference, SLO \(Self.slo(inference.workload))")))
            blocks.append(.text(ReportText("Share of LLM requests that succeeded within every limit of the SLO, and the cost per million "
                + "output tokens at goodput (tokens of requests meeting the SLO per second of the measured window, times the "
                + "measured availability). Ranked: providers meeting the target share first, then by cost. Intervals: percentile "
                + "bootstrap of the requests, which treats them as independent (too narrow under autocorrelated latency). "
                + "Requests priced: a plain LLM probe's are pooled; where the capacity sweep ran, only those of the highest "
                + "constant-rate step meeting this SLO (its TTFT counted from the intended send time).")))
            var table = ReportTable(id: "inference-\(index)", columns: [
                .number("rank"), .name("provider"), .number("requests"), .number("SLO share"), .number("share low"),
                .number("share high"), .init("meets target"), .number("goodput", unit: "tokens/s"), .number("availability"),
                .number("cost per M tokens"), .number("cost low"), .number("cost high"), .init("currency"),
                .init("requests priced"),
            ])
            for (rank, e) in inference.estimates.enumerated() {
                let currency = decision.evidence.first { $0.provider == e.provider }?.price.currency ?? ""
                table.add([
                    String(rank + 1), e.provider, String(inference.requests[e.provider] ?? 0),
                    NumberFormat.fixed(e.share, digits: 3), NumberFormat.fixed(e.shareInterval.lowerBound, digits: 3),
                    NumberFormat.fixed(e.shareInterval.upperBound, digits: 3),
                    e.meetsTarget ? "yes" : "no", NumberFormat.fixed(e.goodputTokensPerSecond, digits: 1),
                    NumberFormat.fixed(inference.availability[e.provider] ?? 1, digits: 4),
                    Self.money(e.costPerMillionTokens), Self.money(e.costInterval.lowerBound), Self.money(e.costInterval.upperBound),
                    currency, inference.basis[e.provider] ?? "",
                ])
            }
            blocks.append(.table(table))
        }
        if !decision.notes.isEmpty { blocks.append(.list(decision.notes.map { ReportText($0) })) }
        return [ReportSection(id: "decision", title: "Which provider for this workload", blocks: blocks)]
    }

    /// What each provider's verdicts rest on, each input labelled measured, stated or configured.
    private func inputs(_ decision: DecisionAnalysis) -> ReportTable {
        var table = ReportTable(id: "inputs", columns: [.name("provider"), .init("interruptions"), .init("MTBF"),
                                                         .init("time to provision"), .init("wait"), .init("price"),
                                                         .init("billing"), .init("LLM")])
        for e in decision.evidence {
            let scaled = decision.timeScales[e.provider].map { " ×\(NumberFormat.fixed($0, digits: 0))" } ?? ""
            let mtbf = MTBFEstimate(interruptions: e.interruptions, timeAtRiskUs: e.timeAtRiskSeconds * 1e6, confidence: 0.95)
            let mtbfText = mtbf.pointUs.map { point in
                "\(Self.duration(point / 1e6)) (95% \(Self.duration(mtbf.lowerUs / 1e6))–\(mtbf.upperUs.map { Self.duration($0 / 1e6) } ?? "inf"))"
            } ?? "≥ \(Self.duration(mtbf.lowerUs / 1e6)) (one-sided 95%)"
            let provision = e.provisionSeconds.isEmpty ? "not measured (0)"
                : "mean \(Self.duration(e.provisionSeconds.reduce(0, +) / Double(e.provisionSeconds.count))) of \(e.provisionSeconds.count) (measured\(scaled))"
            let price = e.price
            table.add([
                e.provider,
                "\(e.interruptions) in \(Self.duration(e.timeAtRiskSeconds)) watched (measured\(scaled))",
                mtbfText,
                provision,
                price.statedWaitSeconds > 0 ? "\(Self.duration(price.statedWaitSeconds)) (stated)" : "none stated",
                "\(NumberFormat.fixed(price.perHour, digits: 2)) \(price.currency)/h (\(price.origin))",
                Self.duration(price.billingSeconds),
                decision.llm[e.provider] ?? "–",
            ])
        }
        return table
    }

    /// A ranking table: rank, provider, expected time and cost with intervals, interruptions,
    /// the checkpoint interval, and the verdict against the first row.
    private func ranking(_ estimates: [TrainingEstimate], id: String, comparisons: [DecisionComparison],
                         measure: DecisionComparison.Measure) -> ReportTable {
        var table = ReportTable(id: id, columns: [
            .number("rank"), .name("provider"),
            .number("time to result", unit: "h"), .number("time low", unit: "h"), .number("time high", unit: "h"),
            .number("cost"), .number("cost low"), .number("cost high"), .init("currency"),
            .number("interruptions"), .init("checkpoint every"), .init("vs first"),
        ])
        for (rank, e) in estimates.enumerated() {
            let verdict: String
            if rank == 0 {
                verdict = measure == .cost ? "cheapest" : "soonest"
            } else if let c = comparisons.first(where: { $0.a == e.provider && $0.b == estimates[0].provider && $0.measure == measure }) {
                verdict = String(c.summary.drop(while: { $0 != ":" }).dropFirst(2))
            } else {
                verdict = "–"
            }
            table.add([
                String(rank + 1), e.provider,
                Self.hours(e.point.timeToResultSeconds), Self.hours(e.timeToResult.lowerBound), Self.hours(e.timeToResult.upperBound),
                Self.money(e.point.cost), Self.money(e.cost.lowerBound), Self.money(e.cost.upperBound),
                e.inputs["price"].flatMap { $0.split(separator: " ").dropFirst().first.map { String($0.split(separator: "/")[0]) } } ?? "",
                Self.compact(e.point.interruptions, digits: 2),
                e.point.checkpointIntervalSeconds.map { Self.duration($0) } ?? "none",
                verdict,
            ])
        }
        return table
    }

    /// "TTFT ≤ 200 ms, TPOT ≤ 30 ms, for 99% of requests".
    static func slo(_ service: InferenceWorkload) -> String {
        var limits: [String] = []
        if let ttft = service.ttft { limits.append("TTFT ≤ \(NumberFormat.fixed(ttft.seconds * 1000, digits: 0)) ms") }
        if let tpot = service.tpot { limits.append("TPOT ≤ \(NumberFormat.fixed(tpot.seconds * 1000, digits: 0)) ms") }
        if let total = service.total { limits.append("total ≤ \(NumberFormat.fixed(total.seconds * 1000, digits: 0)) ms") }
        return limits.joined(separator: ", ") + " for \(NumberFormat.fixed(service.targetShare * 100, digits: 1))% of requests"
    }

    static func hours(_ seconds: Double) -> String { compact(seconds / 3600, digits: 1) }
    static func money(_ value: Double) -> String { compact(value, digits: 2) }

    static func compact(_ value: Double, digits: Int) -> String { NumberFormat.compact(value, digits: digits) }

    /// A duration in the largest unit that keeps it readable (s, min, h, d).
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return NumberFormat.fixed(seconds, digits: 0) }
        if seconds >= 172_800 { return "\(NumberFormat.fixed(seconds / 86_400, digits: 1)) d" }
        if seconds >= 3600 { return "\(NumberFormat.fixed(seconds / 3600, digits: 1)) h" }
        if seconds >= 60 { return "\(NumberFormat.fixed(seconds / 60, digits: 1)) min" }
        return "\(NumberFormat.fixed(seconds, digits: 1)) s"
    }
}

extension NumberFormat {
    /// `value` with `digits` decimals, or from 10⁸ on as `3.03e31`: a job that practically never
    /// finishes has an expected time of 10³¹ hours, whose 32 digits say nothing more and widen
    /// the table past a phone's screen. Both forms parse as numbers.
    public static func compact(_ value: Double, digits: Int) -> String {
        guard value.isFinite, abs(value) >= 1e8 else { return NumberFormat.fixed(value, digits: digits) }
        var exponent = Int(log10(abs(value)).rounded(.down))
        var mantissa = value / pow(10, Double(exponent))
        if abs(mantissa) >= 9.995 {  // 9.996e9 would print as 10.00e9
            exponent += 1
            mantissa /= 10
        }
        return "\(NumberFormat.fixed(mantissa, digits: 2))e\(exponent)"
    }
}

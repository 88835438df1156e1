import SondeCore

/// The LLM capacity sweep's section (`probes.llm.sweep`): per provider the knee with its
/// interval, then every step (offered and achieved rate, TTFT/ITL/TPOT p50 and p99, goodput in
/// requests and tokens, share meeting the SLO), and the chart of goodput and TTFT p99 against
/// offered rate.
struct CapacitySection: ReportSectionSource {
    func sections(_ analysis: RunAnalysis) -> [ReportSection] {
        guard let capacity = analysis.capacity, !capacity.providers.isEmpty else { return [] }
        let slo = capacity.sloText.isEmpty ? "no SLO (every successful request counts)" : capacity.sloText
        var text = "Capacity sweep: per provider a synchronous step (one request at a time), a throughput ceiling, then "
        text += "constant-arrival rates refined near the knee. The knee is the highest offered rate at which at least "
        text += "\(NumberFormat.fixed(capacity.target * 100, digits: 1))% of the requests met the SLO (\(slo)); the true "
        text += "breaking rate lies between it and the lowest failing rate above it. TTFT counts from the intended send time, "
        text += "so queueing before the send counts; ITL is each request's median gap; quantiles are type 7 over a step's "
        text += "successful requests. Goodput: requests and output tokens per second that met the SLO, over the step's span. "
        text += "Times in milliseconds. These requests are not pooled into the LLM inference section."
        var knees = ReportTable(id: "knee", columns: [.name("provider"), .number("knee", unit: "req/s"),
                                                      .number("lowest failing rate", unit: "req/s"), .number("steps")])
        for provider in capacity.providers {
            let knee = provider.sweep.knee
            knees.add([provider.name, knee.map { rate($0.rate) } ?? "none passed",
                       knee?.upper.map(rate) ?? "none failed", String(provider.sweep.steps.count)])
        }
        let latency = ["TTFT", "ITL", "TPOT"].flatMap { m in ["p50", "p99"].map { ReportTable.Column.number("\(m) \($0)", unit: "ms") } }
        var steps = ReportTable(id: "steps", columns: [.name("provider"), .number("step"), .init("kind"),
                                                       .number("offered", unit: "req/s"), .number("achieved", unit: "req/s"),
                                                       .number("requests"), .number("met SLO", unit: "%")] + latency
                                + [.number("goodput", unit: "req/s"), .number("goodput tokens", unit: "1/s")])
        for provider in capacity.providers {
            for step in provider.sweep.steps {
                steps.add([provider.name, String(step.index), step.kind.rawValue, rate(step.offeredRate), rate(step.achievedRate),
                           String(step.requests), NumberFormat.fixed(step.share * 100, digits: 1) + "%"]
                          + [step.ttftUs, step.itlUs, step.tpotUs].flatMap(cells)
                          + [NumberFormat.fixed(step.goodputRequests, digits: 2), NumberFormat.fixed(step.goodputTokens, digits: 1)])
            }
        }
        return [ReportSection(id: "capacity", title: "LLM capacity",
                              blocks: [.text(ReportText(text)), .table(knees), .figure("capacity"), .table(steps)])]
    }

    private func rate(_ value: Double) -> String { NumberFormat.fixed(value, digits: 3) }

    private func cells(_ p: CapacityAnalysis.Percentiles?) -> [String] {
        guard let p else { return ["–", "–"] }
        return [NumberFormat.ms(p.p50, digits: 2), NumberFormat.ms(p.p99, digits: 2)]
    }
}

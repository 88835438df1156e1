import SondeCore

/// The time-to-provision section: per provider the success rate, then per stage p50/p90/max
/// with n, when the run provisioned machines.
struct ProvisioningSection: ReportSectionSource {
    static let explanation = "Stages between the recorded phases: accepting = requested → accepted (the provider returned an id); "
        + "starting = accepted → running (capacity queue and boot); reaching = running → first healthy HTTP answer; "
        + "total = requested → reachable; teardown = destroy request → destroyed. Quantiles are type 7 over the attempts "
        + "that reached both ends (n); success rate = ready / attempts."

    func sections(_ input: RunAnalysis) -> [ReportSection] {
        guard let analysis = input.provisioning, !analysis.providers.isEmpty else { return [] }
        var blocks: [ReportBlock] = [.text(ReportText(Self.explanation))]
        if let note = input.provisioningNote { blocks.append(.text(.name(note))) }
        var attempts = ReportTable(id: "attempts", columns: [.name("provider"), .number("attempts"), .number("ready"),
                                                             .number("success rate", unit: "%"), .init("outcomes"), .number("leaked")])
        for p in analysis.providers {
            let outcomes = p.outcomes.map { "\($0.outcome.rawValue) \($0.count)" }.joined(separator: ", ")
            attempts.add([p.provider, String(p.attempts), String(p.ready), NumberFormat.fixed(p.successRate * 100, digits: 1) + "%",
                          outcomes, String(p.leaked)])
        }
        var stages = ReportTable(id: "stages", columns: [.name("provider"), .init("stage"), .number("n"), .number("p50 s", unit: "s"),
                                                         .number("p90 s", unit: "s"), .number("max s", unit: "s")])
        for p in analysis.providers {
            for s in p.stages {
                stages.add([p.provider, s.stage.rawValue, String(s.n), Self.seconds(s.p50Seconds), Self.seconds(s.p90Seconds),
                            Self.seconds(s.maxSeconds)])
            }
        }
        blocks += [.figure("provisioning"), .table(attempts), .table(stages)]
        return [ReportSection(id: "provisioning", title: "Time to provision", blocks: blocks)]
    }

    /// The HTML chart's attempts, from the stored records.
    static func timeline(_ records: [ProvisionRecord]) -> ProvisioningTimeline? {
        guard !records.isEmpty else { return nil }
        return ProvisioningTimeline(attempts: records.filter { $0.outcome != nil }.map { record in
            let bounds: [(ProvisioningTimeline.Stage, Int64?, Int64?)] = [
                (.accepting, record.requestedNs, record.acceptedNs), (.starting, record.acceptedNs, record.runningNs),
                (.reaching, record.runningNs, record.reachableNs)]
            let stages = bounds.compactMap { stage, from, to -> (stage: ProvisioningTimeline.Stage, seconds: Double)? in
                guard let from, let to else { return nil }
                return (stage, Double(to - from) / 1e9)
            }
            let outcome = record.outcome == .ready ? "ok" : (record.outcome?.rawValue ?? "unfinished")
            return ProvisioningTimeline.Attempt(provider: record.provider, attempt: record.attempt, stages: stages, outcome: outcome)
        })
    }

    static func seconds(_ value: Double) -> String { NumberFormatting.fixed(value, digits: value < 10 ? 2 : 1) }
}

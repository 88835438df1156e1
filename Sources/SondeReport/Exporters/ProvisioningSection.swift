import SondeCore

/// The time-to-provision section of every report format, appended when the run provisioned
/// machines: per provider and stage p50/p90/max with n, and the success rate.
struct ProvisioningSection {
    let escape: (String) -> String

    static let explanation = "Stages between the recorded phases: accepting = requested → accepted (the provider returned an id); "
        + "starting = accepted → running (capacity queue and boot); reaching = running → first healthy HTTP answer; "
        + "total = requested → reachable; teardown = destroy request → destroyed. Quantiles are type 7 over the attempts "
        + "that reached both ends (n); success rate = ready / attempts."

    func markdown(_ input: ReportInput) -> String {
        guard let analysis = input.provisioning, !analysis.providers.isEmpty else { return "" }
        var out = "\n## Time to provision\n\n" + Self.explanation + "\n"
        if let note = input.provisioningNote { out += "\n" + escape(note) + "\n" }
        out += "\n| provider | attempts | ready | success rate | outcomes | leaked |\n|---|--:|--:|--:|---|--:|\n"
        for p in analysis.providers {
            let outcomes = p.outcomes.map { "\($0.outcome.rawValue) \($0.count)" }.joined(separator: ", ")
            out += "| \(escape(p.provider)) | \(p.attempts) | \(p.ready) | \(NumberFormatting.fixed(p.successRate * 100, digits: 1))% "
            out += "| \(outcomes) | \(p.leaked) |\n"
        }
        out += "\n| provider | stage | n | p50 s | p90 s | max s |\n|---|---|--:|--:|--:|--:|\n"
        for p in analysis.providers {
            for s in p.stages {
                out += "| \(escape(p.provider)) | \(s.stage.rawValue) | \(s.n) | \(Self.seconds(s.p50Seconds)) | "
                out += "\(Self.seconds(s.p90Seconds)) | \(Self.seconds(s.maxSeconds)) |\n"
            }
        }
        return out
    }

    /// CSV rows in the statistics table's columns: phase `provision_<stage>`, attempts and
    /// successes counting provisioning attempts, times in microseconds.
    static func csvRows(_ input: ReportInput, kinds: [String: Provider]) -> [[String]] {
        guard let analysis = input.provisioning else { return [] }
        var rows: [[String]] = []
        for p in analysis.providers {
            let identity = kinds[p.provider]
            for s in p.stages {
                var cells = [input.latency.run.id, p.provider, identity?.kind.rawValue ?? "", identity?.region ?? "",
                             identity?.jurisdiction ?? "", "provision_\(s.stage.rawValue)", String(p.attempts), String(p.ready),
                             String(p.attempts - p.ready), String(s.n)]
                cells += [s.p50Seconds, s.p90Seconds].map { NumberFormatting.fixed($0 * 1e6, digits: 1) }
                cells += ["", ""] + [NumberFormatting.fixed(s.maxSeconds * 1e6, digits: 1)] + Array(repeating: "", count: 5)
                rows.append(cells)
            }
        }
        return rows
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

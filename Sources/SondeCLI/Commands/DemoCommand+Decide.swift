import Foundation
import SondeCore
import SondeEmulator
import SondeReport

/// `sonde demo --decide`: the worked example of docs/decision.md on the emulated fleet.
extension DemoCommand {
    /// The built-in fleet with DePIN nodes that drop every 30 s instead of every 120 s: at the
    /// fleet's stated time scale (1:300, `provisioning_scale`) that is an MTBF of 2.5 hours, and a
    /// 90 s watch sees a few drops per provider. The cloud never drops.
    static var decideFleet: FleetSpec {
        var spec = FleetSpec.default
        for index in spec.providers.indices where spec.providers[index].drops != nil {
            spec.providers[index].drops = .init(every: .seconds(30), duration: .seconds(1))
        }
        return spec
    }

    /// The decision demo's configuration: every provider provisioned (time to a machine) and
    /// watched by heartbeats (interruptions), priced as in docs/decision.md's example (8×A100:
    /// the cloud 32.77 USD/h with a stated wait, DePIN 8 × 1.10 USD/h), one 40-hour job, and a
    /// chat service whose SLO the LLM probe's requests are held to.
    static func decideConfigText(fleet: EmulatedFleet, duration: Duration, cloudWait: String) -> String {
        var lines: [String] = []
        var current = ""
        for line in fleet.providersYAML(withProvisioning: true, attempts: 3).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  - name: ") { current = String(line.dropFirst("  - name: ".count)).replacingOccurrences(of: "\"", with: "") }
            lines.append(String(line))
            guard line.hasPrefix("    endpoint: ") else { continue }
            if current.hasPrefix("cloud") {
                lines.append("    price: { per_hour: 32.77, currency: USD }")
                lines.append("    wait: \(cloudWait)")
            } else {
                lines.append("    price: { per_gpu_hour: 1.10, gpus: 8, currency: USD }")
            }
        }
        return lines.joined(separator: "\n") + """
            probes:
              availability: { interval: 250ms, timeout: 1s, duration: \(Grammar.format(duration)), failures_to_interrupt: 3 }
              llm: { model: demo, prompt_tokens: 256, max_tokens: 32, concurrency: 2, requests: 40, duration: 20s }
            workloads:
              - name: train-40h
                kind: training
                compute: 40h
                checkpoint_cost: 5m
                restart_cost: 10m
              - name: chat
                kind: inference
                slo: { ttft: 250ms, tpot: 35ms, percentile: 90 }

            """
    }

    /// The demo's terminal summary of one training workload: the two rankings and the verdicts.
    static func decisionLines(_ training: DecisionAnalysis.Training) -> [String] {
        func line(_ e: TrainingEstimate) -> String {
            "  \(e.provider): time \(fixed(e.point.timeToResultSeconds / 3600, 1)) h "
                + "(95% \(fixed(e.timeToResult.lowerBound / 3600, 1))–\(fixed(e.timeToResult.upperBound / 3600, 1)) h), "
                + "cost \(fixed(e.point.cost, 0)) (95% \(fixed(e.cost.lowerBound, 0))–\(fixed(e.cost.upperBound, 0))), "
                + "interruptions \(fixed(e.point.interruptions, 2))"
        }
        var lines = ["\(training.workload.name), with checkpoints, by time to result:"] + training.byTime.map(line)
        lines += ["\(training.workload.name), with checkpoints, by cost:"] + training.byCost.map(line)
        lines += ["\(training.workload.name), without checkpoints, by time to result:"] + training.withoutCheckpoints.map(line)
        lines += training.comparisons.map { "  " + $0.summary }
        lines += training.comparisonsWithoutCheckpoints.map { "  " + $0.summary + " (without checkpoints)" }
        if let advice = training.advice { lines.append("  " + advice.summary) }
        return lines
    }

    /// The demo's terminal summary of one inference workload, cheapest meeting the SLO first.
    static func decisionLines(_ inference: DecisionAnalysis.Inference) -> [String] {
        ["\(inference.workload.name), share of requests within the SLO and cost per million output tokens:"]
            + inference.estimates.map { e in
                "  \(e.provider): \(fixed(e.share * 100, 1))% within the SLO (95% \(fixed(e.shareInterval.lowerBound * 100, 1))–"
                    + "\(fixed(e.shareInterval.upperBound * 100, 1))%), target \(e.meetsTarget ? "met" : "missed"), "
                    + "\(fixed(e.costPerMillionTokens, 2)) per M tokens (95% \(fixed(e.costInterval.lowerBound, 2))–\(fixed(e.costInterval.upperBound, 2)))"
            }
    }

    private static func fixed(_ value: Double, _ digits: Int) -> String { NumberFormat.compact(value, digits: digits) }
}

import Foundation
import Testing
import SondeCore
import SondeEmulator

/// The capacity gate end to end: three `sonde run`s with `probes.llm.sweep` against an emulated
/// server with continuous batching (batch 4, then 4 again, then 2), then `sonde gate` with a
/// `capacity` rule. The unchanged rerun passes; halving the batch size fails (exit 2), against a
/// stored baseline run and against the JSON report of it, as a committed baseline would be. The
/// LLM timing rules compare the sweeps step by step, unmatched steps named.
@Suite(.serialized) struct LLMCapacityGateTests {
    /// One sweep against a fresh emulator with batch size `batch`, stored under `label`.
    static func sweep(batch: Int, label: String, in dir: URL) async throws {
        // decode_per_seq is small against decode, so halving the batch nearly halves the
        // saturation rate (docs/fleet.md): 21.0 req/s at batch 4, 11.7 at batch 2.
        let spec = try FleetSpec.parse(yaml: """
            providers:
              - { name: gpu, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 },
                  llm: { prefill_per_token: 0.1ms, decode: 20ms, decode_per_seq: 1ms, batch: \(batch) } }
            """, source: "fleet.yaml")
        let fleet = try await EmulatedFleet.start(spec)
        let config = fleet.providersYAML() + """

            probes:
              llm: { model: m, prompt_tokens: 16, max_tokens: 8, slo: { ttft: 200ms },
                     sweep: { step: 1500ms, rates: 3, max_steps: 6, ceiling_concurrency: 8, overload: { backlog: 4, for: 500ms } } }

            """
        try config.write(to: dir.appendingPathComponent("\(label).yaml"), atomically: true, encoding: .utf8)
        let result = try await SondeBinary.run(["run", "-c", "\(label).yaml", "--db", "run.db", "--label", label], in: dir)
        await fleet.stop()
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func halvingTheBatchSizeFailsTheCapacityGateAndARerunPasses() async throws {
        let dir = try temporaryDirectory()
        try await Self.sweep(batch: 4, label: "base", in: dir)
        try await Self.sweep(batch: 4, label: "rerun", in: dir)
        try await Self.sweep(batch: 2, label: "halved", in: dir)
        // The rules' level (0.05) is the one Fisher's test uses; a drop must exceed 10 points.
        try "level: 0.05\nrules:\n  capacity: { max_decrease: 10% }\n"
            .write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let report = try await SondeBinary.run(["report", "--db", "run.db", "--label", "base", "--format", "json", "-o", "base.json"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")

        let rerun = try await SondeBinary.run(["gate", "--db", "run.db", "--baseline", "base", "--candidate", "rerun", "-c", "rules.yaml"], in: dir)
        print("capacity gate, rerun:\n\(rerun.stdout)")
        #expect(rerun.status == 0, "\(rerun.stdout)\n\(rerun.stderr)")
        #expect(rerun.stdout.contains("gpu capacity at"), "\(rerun.stdout)")

        // The LLM timing rules compare a sweep step by step (docs/ci.md): one outcome per pair of
        // steps at the same offered rate, from the stored run and from its JSON report alike; the
        // halved server's ceiling is far below the baseline's top rates, which are named unmatched.
        try "level: 0.05\nrules:\n  p50_ttft: { max_increase: 50% }\n"
            .write(to: dir.appendingPathComponent("steps.yaml"), atomically: true, encoding: .utf8)
        #expect(try String(contentsOf: dir.appendingPathComponent("base.json"), encoding: .utf8).contains("\"offered_rate\""))
        for (candidate, baseline) in [("rerun", "base"), ("halved", "base.json")] {
            let steps = try await SondeBinary.run(["gate", "--db", "run.db", "--baseline", baseline, "--candidate", candidate, "-c", "steps.yaml"], in: dir)
            print("p50_ttft per step, \(candidate) against \(baseline):\n\(steps.stdout)")
            #expect([0, 2].contains(steps.status), "\(steps.stdout)\n\(steps.stderr)")
            #expect(steps.stdout.contains("| gpu (synchronous) | p50_ttft |") && steps.stdout.contains("| gpu (throughput ceiling) | p50_ttft |"),
                    "\(steps.stdout)")
            #expect(steps.stdout.contains(" req/s) | p50_ttft |"), "\(steps.stdout)")
            if candidate == "halved" { #expect(steps.stdout.contains("has no candidate step at that rate"), "\(steps.stdout)") }
        }

        for baseline in ["base", "base.json"] {
            let halved = try await SondeBinary.run(["gate", "--db", "run.db", "--baseline", baseline, "--candidate", "halved", "-c", "rules.yaml"], in: dir)
            print("capacity gate, halved against \(baseline):\n\(halved.stdout)")
            #expect(halved.status == 2, "\(halved.stdout)\n\(halved.stderr)")
            #expect(halved.stdout.contains("regression"), "\(halved.stdout)")
        }
    }
}

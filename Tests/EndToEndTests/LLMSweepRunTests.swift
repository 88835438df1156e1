import Foundation
import Testing
import SondeCore
import SondeEmulator
import SondeStore

/// `sonde run` with `probes.llm.sweep` against an emulated server with continuous batching:
/// the steps land in the database under their sequences and the knee is recomputed from it.
@Suite(.serialized) struct LLMSweepRunTests {
    @Test func aSweepIsStoredAndItsKneeRecomputedFromTheDatabase() async throws {
        let spec = try FleetSpec.parse(yaml: """
            providers:
              - { name: gpu, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 },
                  llm: { prefill_per_token: 0.1ms, decode: 20ms, decode_per_seq: 4ms, batch: 4 } }
            """, source: "fleet.yaml")
        let saturation = spec.providers[0].llm!.saturationRate(promptTokens: 16, outputTokens: 8)!
        let fleet = try await EmulatedFleet.start(spec)
        let dir = try temporaryDirectory()
        let config = fleet.providersYAML() + """

            probes:
              llm: { model: m, prompt_tokens: 16, max_tokens: 8, slo: { ttft: 200ms },
                     sweep: { step: 1500ms, rates: 3, max_steps: 7, ceiling_concurrency: 8, overload: { backlog: 4, for: 500ms } } }

            """
        try config.write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let result = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "run.db", "--label", "sweep"], in: dir)
        await fleet.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect((result.stdout + result.stderr).contains("llm sweep gpu: knee"), "\(result.stdout)\n\(result.stderr)")

        let store = try SampleStore(path: dir.appendingPathComponent("run.db").path, create: false)
        let data = try store.loadLLM(try store.run(.label("sweep")))
        let analysis = CapacityAnalysis(data, sloTTFT: .milliseconds(200), sloTPOT: nil)
        let provider = try #require(analysis.providers.first)
        print("sweep run: λ_sat \(saturation), knee \(String(describing: provider.knee)), steps "
              + provider.steps.map { String(format: "%.2f:%.3f", $0.offeredRate, $0.share) }.joined(separator: " "))
        #expect(provider.steps.map(\.index) == Array(0..<provider.steps.count) && provider.steps.count >= 4)
        #expect(provider.steps.prefix(2).map(\.kind) == [.synchronous, .throughput])
        // Short steps refine less: a wider band than the probe test's 10%, still one that a wrong
        // rate, a lost step or a misread sequence would miss.
        let knee = try #require(provider.knee)
        #expect(knee.rate > 0.7 * saturation && knee.rate < 1.25 * saturation, "knee \(knee.rate) vs λ_sat \(saturation)")
    }
}

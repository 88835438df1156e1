import Foundation
import SondeCore
import SondeStore

/// A run in which every probe kind and analysis has data, written through the store like a real
/// run (latency, bandwidth, load intervals, LLM requests and a capacity sweep, heartbeats, provisioning attempts, tcp
/// connects), with
/// a stored configuration that carries a key this sonde does not know.
enum StoredRunFixture {
    static let t0: Int64 = 1_764_000_000_000_000_000
    static let runID = "5e1ec7ed-0000-4000-8000-000000000016"

    /// The stored configuration: valid known keys, plus `probes.latency.jitter` (unknown here).
    static let configText = """
        providers:
          - name: cloud-us-east
            kind: centralized
            region: us-east
            endpoint: http://127.0.0.1:1/health
            price: { per_hour: 32.77, currency: USD }
            wait: 21d
          - name: depin-eu
            kind: depin
            region: eu-central
            endpoint: http://127.0.0.1:2/health
            price: { per_gpu_hour: 1.10, gpus: 8, currency: USD }
        workloads:
          - { name: train-40h, kind: training, compute: 40h, checkpoint_cost: 5m, restart_cost: 10m }
          - { name: chat, kind: inference, slo: { ttft: 250ms, tpot: 25ms, percentile: 90 } }
        probes:
          latency: { interval: 200ms, samples: 40, timeout: 5s, jitter: 5ms }
          load: { rate: 50/s, duration: 4s, connections: 4 }
          llm: { slo: { ttft: 250ms, tpot: 25ms } }
          availability: { interval: 500ms, timeout: 1s, failures_to_interrupt: 3 }
          tcp: { interval: 300ms, timeout: 1s }
        analysis:
          baseline: cloud-us-east
          resamples: 200
        """

    /// Writes the run into `store` and returns its record.
    static func write(into store: SampleStore, configText: String = configText) throws -> RunRecord {
        let info = RunInfo(id: runID, startedNs: t0, label: "every-section", vantage: "lab", host: "h", sondeVersion: "0.1.0",
                           configHash: "abc", configText: configText)
        let row = try store.beginRun(info)
        let cloud = try store.providerID(for: Provider(name: "cloud-us-east", kind: .centralized, region: "us-east", endpoint: "http://127.0.0.1:1/health"))
        let depin = try store.providerID(for: Provider(name: "depin-eu", kind: .depin, region: "eu-central", endpoint: "http://127.0.0.1:2/health"))
        let writer = try store.makeWriter(runRowID: row)
        for (provider, base, step) in [(cloud, Int64(30_000), Int64(37)), (depin, Int64(60_000), Int64(2_113))] {
            for i in 0..<40 {
                let intended = t0 + 2_000_000_000 + Int64(i) * 200_000_000
                let wait = base + (Int64(i) * step) % 9_000
                let failed = provider == depin && i % 10 == 3
                writer.record(Sample(providerID: provider, probe: .latency, sequence: Int64(i), intendedNs: intended, startedNs: intended + 100_000,
                                     dnsUs: 20, connectUs: 90, ttfbUs: failed ? nil : 90 + wait, totalUs: failed ? 5_000_000 : 120 + wait,
                                     bytes: failed ? 0 : 512, httpStatus: failed ? nil : 200, errorClass: failed ? .timeout : nil))
                // Heartbeats: depin-eu misses five in a row (an interruption) from the 20th.
                let down = provider == depin && (20..<25).contains(i)
                writer.record(Sample(providerID: provider, probe: .availability, sequence: Int64(i), intendedNs: intended, startedNs: intended,
                                     ttfbUs: down ? nil : 900, totalUs: down ? 1_000_000 : 1_000, httpStatus: down ? nil : 200,
                                     errorClass: down ? .refused : nil))
            }
            // TCP connects (the tcp probe): dns then an established connection; one refused.
            for i in 0..<10 {
                let intended = t0 + 2_000_000_000 + Int64(i) * 300_000_000
                let connect = Int64(provider == cloud ? 400 : 1_900) + Int64(i) * 61
                writer.record(Sample(providerID: provider, probe: .tcp, sequence: Int64(i), intendedNs: intended, startedNs: intended,
                                     dnsUs: 30, connectUs: i == 7 ? nil : connect, totalUs: connect,
                                     errorClass: i == 7 && provider == depin ? .refused : nil))
            }
            for i in 0..<4 {
                let intended = t0 + 12_000_000_000 + Int64(i) * 500_000_000
                let total = Int64(provider == cloud ? 100_000 : 180_000) + Int64(i) * 7_000
                writer.record(Sample(providerID: provider, probe: .bandwidth, sequence: Int64(i), intendedNs: intended, startedNs: intended,
                                     dnsUs: 20, connectUs: 90, ttfbUs: 2_000, totalUs: total, bytes: 8_388_608, httpStatus: 200))
            }
            for second in 0..<4 {
                var uncorrected = LatencyHistogram(), corrected = LatencyHistogram()
                for k in 0..<50 {
                    uncorrected.record(base + Int64(k) * 100)
                    corrected.record(base + Int64(k) * 130)
                }
                writer.record(LoadInterval(providerID: provider, startNs: t0 + 20_000_000_000 + Int64(second) * 1_000_000_000,
                                           intervalNs: 1_000_000_000, due: 50, sent: 50, late: second, ok: 49, errors: [.http5xx: 1],
                                           uncorrected: uncorrected, corrected: corrected))
            }
        }
        _ = try writer.finish()
        let llmSamples = try store.makeWriter(runRowID: row)
        for (provider, ttft) in [(cloud, Int64(120_000)), (depin, Int64(310_000))] {
            for k in 0..<6 {
                let started = t0 + 30_000_000_000 + Int64(k) * 1_000_000_000
                let first = ttft + Int64(k) * 10_000
                llmSamples.record(Sample(providerID: provider, probe: .llm, sequence: Int64(k), intendedNs: started, startedNs: started,
                                         ttfbUs: first, totalUs: first + 200_000, httpStatus: 200))
                llmSamples.record(LLMRequestRecord.summarise(providerID: provider, sequence: Int64(k), offsetsUs: (0..<11).map { first + Int64($0) * 20_000 },
                                                             endUs: first + 200_000, usageTokens: 11, promptTokens: 8))
            }
        }
        // gpu-sweep (LLM requests only) swept (probes.llm.sweep): a synchronous step, a
        // throughput step and three constant rates; the SLO (TTFT ≤ 250 ms) holds at 2 and 4
        // req/s and breaks at 8, so the knee is 4 req/s with 8 above it.
        let sweeper = try store.providerID(for: Provider(name: "gpu-sweep", kind: .depin, region: "eu-central", endpoint: "http://127.0.0.1:3/v1"))
        for (step, gapMs, ttft) in [(0, Int64(1_000), Int64(90_000)), (1, Int64(50), Int64(900_000)), (2, Int64(500), Int64(101_000)),
                                    (3, Int64(250), Int64(147_000)), (4, Int64(125), Int64(420_000))] {
            for k in 0..<10 {
                let intended = t0 + 40_000_000_000 + Int64(step) * 10_000_000_000 + Int64(k) * gapMs * 1_000_000
                let first = ttft + Int64(k) * 1_000
                let sequence = LLMSweepSequence.sequence(step: step, index: k)
                llmSamples.record(Sample(providerID: sweeper, probe: .llm, sequence: sequence, intendedNs: intended, startedNs: intended,
                                         ttfbUs: first, totalUs: first + 200_000, httpStatus: 200))
                llmSamples.record(LLMRequestRecord.summarise(providerID: sweeper, sequence: sequence, offsetsUs: (0..<11).map { first + Int64($0) * 20_000 },
                                                             endUs: first + 200_000, usageTokens: 11, promptTokens: 8))
            }
        }
        _ = try llmSamples.finish()
        let second: Int64 = 1_000_000_000
        try store.saveProvision(ProvisionRecord(provider: "cloud-us-east", attempt: 1, requestedNs: t0, providerResourceID: "i-1",
                                                acceptedNs: t0 + second / 2, runningNs: t0 + second, reachableNs: t0 + 3 * second / 2,
                                                tornDownNs: t0 + 40 * second, outcome: .ready),
                                runRowID: row, providerID: cloud, adapter: "command")
        try store.saveProvision(ProvisionRecord(provider: "depin-eu", attempt: 1, requestedNs: t0, providerResourceID: "d-1",
                                                acceptedNs: t0 + second / 4, runningNs: t0 + 3 * second / 2, reachableNs: t0 + 2 * second,
                                                tornDownNs: t0 + 40 * second, outcome: .ready),
                                runRowID: row, providerID: depin, adapter: "command")
        try store.finishRun(runID, status: .complete, finishedNs: t0 + 41 * second)
        return try store.runs(RunSelection(.ids([runID]))).first!
    }

    /// The analysis of the stored run, the way `sonde report` makes it.
    static func analysis() throws -> RunAnalysis {
        let store = try SampleStore(path: ":memory:")
        let record = try write(into: store)
        let settings = try StoredSettings.parse(record.info.configText, run: record.info.id)
        var analysis = try RunAnalysis(store.parts(record), settings: settings)
        let config = settings.config!  // the fixture stores a configuration
        analysis.decide(prices: try ResolvedPrice.resolve(config, catalogs: [:]), config: config, resamples: 200)
        return analysis
    }
}

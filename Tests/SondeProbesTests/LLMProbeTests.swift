import Synchronization
import Testing
import SondeCore
import SondeEmulator
@testable import SondeProbes

/// Keeps LLM records in memory.
final class CollectingRecords: LLMRecordSink {
    private let records = Mutex<[LLMRequestRecord]>([])
    func record(_ request: LLMRequestRecord) { records.withLock { $0.append(request) } }
    var all: [LLMRequestRecord] { records.withLock { $0 } }
}

@Suite(.serialized) struct LLMProbeTests {
    func run(_ fleet: EmulatedFleet, _ settings: LLMProbeSettings,
             timeBase: TimeBase = TimeBase()) async -> (ProbeOutcome.Ending, [Sample], [LLMRequestRecord]) {
        let targets = fleet.endpoints.enumerated().map { index, endpoint in
            RequestTarget(providerID: Int64(index + 1), name: endpoint.name, url: RequestTarget.url(endpoint.url, path: settings.path),
                          headers: ["Authorization: Bearer sk-test"], timeout: settings.timeout, verifyTLS: true)
        }
        let sink = CollectingSink()
        let records = CollectingRecords()
        let probe = LLMProbe(plan: LLMPlan(targets: targets, settings: settings))
        let outcome = await probe.run(ProbeContext(timeBase: timeBase, sink: sink, progress: probe.makeProgress(),
                                                   llmRecords: records)).ending
        return (outcome, sink.all, records.all)
    }

    static func median(_ values: [Int64]) -> Double {
        Quantile.of(values.map(Double.init), 0.5)
    }

    /// The model: TTFT = queue + prefill_per_token × prompt tokens = 50 ms + 200 × 0.5 ms = 150 ms;
    /// TPOT = decode = 20 ms; jitter 0.05 (mean-one factors). Medians must be within 5%. (The
    /// emulator needs a few ms to accept and parse a request, more on a loaded machine: a TTFT
    /// of tens of ms could not show the probe's accuracy, only the emulator's overhead.)
    @Test(arguments: ["/v1/chat/completions", "/v1/completions"])
    func ttftAndTPOTMediansMatchTheModelWithinFivePercent(path: String) async throws {
        let spec = try FleetSpec.parse(yaml: """
            seed: 3
            providers:
              - name: gpu
                kind: depin
                region: r
                latency: { median: 1ms, sigma: 0.1 }
                llm: { queue: 50ms, prefill_per_token: 0.5ms, decode: 20ms, jitter: 0.05 }
            """, source: "t")
        let fleet = try await EmulatedFleet.start(spec)
        let settings = LLMProbeSettings(path: path, model: "m", promptTokens: 200, maxTokens: 24, arrivals: .concurrency(3),
                                        requests: 30, duration: .seconds(30), timeout: .seconds(10))
        let (outcome, samples, records) = await run(fleet, settings)
        await fleet.stop()
        #expect(outcome == .complete)
        #expect(samples.count == 30 && samples.allSatisfy { $0.succeeded }, "\(samples.map(\.errorClass))")
        #expect(records.allSatisfy { $0.outputTokens == 24 && $0.tokensSource == .usage && $0.promptTokens == 200 })
        let ttft = Self.median(records.compactMap(\.ttftUs))
        let tpot = Self.median(records.compactMap(\.tpotUs))
        print("LLM accuracy \(path): TTFT median \(ttft / 1000) ms (model 150), TPOT median \(tpot / 1000) ms (model 20)")
        #expect(abs(ttft / 150_000 - 1) < 0.05, "TTFT median \(ttft) us")
        #expect(abs(tpot / 20_000 - 1) < 0.05, "TPOT median \(tpot) us")
        // The sample carries TTFT as its first byte mark and the whole stream as its total.
        #expect(samples.allSatisfy { $0.probe == .llm && $0.ttfbUs != nil && $0.totalUs! > $0.ttfbUs! + 300_000 })
        #expect(Set(samples.map(\.sequence)) == Set(0..<30))
    }

    @Test func malformedStreamsGetTheirErrorClassAndAHealthyProviderIsUnaffected() async throws {
        let spec = try FleetSpec.parse(yaml: """
            providers:
              - { name: ok, kind: centralized, region: r, latency: { median: 1ms, sigma: 0.1 }, llm: { queue: 5ms, decode: 2ms } }
              - { name: json, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 }, llm: { queue: 5ms, decode: 2ms }, llm_fault: broken_json }
              - { name: cut, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 }, llm: { queue: 5ms, decode: 2ms }, llm_fault: cut }
              - { name: busy, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 }, llm: { queue: 5ms, decode: 2ms }, llm_fault: rate_limited }
              - { name: gone, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 }, fault: refuse }
              - { name: err, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 }, llm: { queue: 5ms, decode: 2ms }, fault: "status:503" }
              - { name: plain, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 } }
            """, source: "t")
        let fleet = try await EmulatedFleet.start(spec)
        let settings = LLMProbeSettings(model: "m", promptTokens: 16, maxTokens: 10, arrivals: .concurrency(2), requests: 4,
                                        duration: .seconds(20), timeout: .seconds(5))
        let (outcome, samples, records) = await run(fleet, settings)
        await fleet.stop()
        #expect(outcome == .complete)
        #expect(samples.count == 28 && records.count == 28)
        func classes(_ id: Int64) -> Set<ErrorClass?> { Set(samples.filter { $0.providerID == id }.map(\.errorClass)) }
        #expect(classes(1) == [nil])
        #expect(classes(2) == [.protocol])
        #expect(classes(3) == [.truncated])
        #expect(classes(4) == [.rateLimited])
        #expect(classes(5) == [.refused])
        #expect(classes(6) == [.http5xx])
        #expect(classes(7) == [.http4xx], "a provider without a model answers 404")
        #expect(records.filter { $0.providerID == 4 }.allSatisfy { $0.retryAfterS == 2 })
        #expect(records.filter { $0.providerID != 4 }.allSatisfy { $0.retryAfterS == nil })
        // A cut stream still reports what it got: half the tokens, counted.
        #expect(records.filter { $0.providerID == 3 }.allSatisfy { $0.outputTokens == 5 && $0.tokensSource == .counted })
    }

    @Test func poissonArrivalsAtARateStopAtTheDuration() async throws {
        let spec = try FleetSpec.parse(yaml: """
            providers:
              - { name: a, kind: centralized, region: r, latency: { median: 1ms, sigma: 0.1 }, llm: { queue: 5ms, decode: 5ms } }
            """, source: "t")
        let fleet = try await EmulatedFleet.start(spec)
        let settings = LLMProbeSettings(model: "m", promptTokens: 8, maxTokens: 40, arrivals: .rate(20, .poisson),
                                        requests: 1000, duration: .seconds(2), seed: 11, timeout: .seconds(5))
        let (outcome, samples, _) = await run(fleet, settings)
        await fleet.stop()
        #expect(outcome == .complete)
        // About 40 arrivals in 2 s; requests of ~200 ms overlap (open loop: no cap in flight).
        #expect(samples.count > 20 && samples.count < 65, "\(samples.count) requests")
        #expect(samples.allSatisfy { $0.succeeded })
        let lags = samples.map { $0.startedNs - $0.intendedNs }
        // Open loop: a send waits for nothing but the scheduler (50 ms leaves room for a busy machine;
        // a closed loop would wait ~200 ms for the previous request).
        #expect(lags.max()! < 50_000_000, "sent within 50 ms of the intended time")
    }

    /// In a run, earlier probes use up time: the duration counts from this probe's own start.
    @Test func theDurationCountsFromTheProbesStartNotTheRuns() async throws {
        let spec = try FleetSpec.parse(yaml: """
            providers:
              - { name: a, kind: centralized, region: r, latency: { median: 1ms, sigma: 0.1 }, llm: { queue: 2ms, decode: 1ms } }
            """, source: "t")
        let fleet = try await EmulatedFleet.start(spec)
        let runStart = TimeBase()
        try await Task.sleep(for: .milliseconds(1200))
        let settings = LLMProbeSettings(model: "m", promptTokens: 4, maxTokens: 4, arrivals: .concurrency(1), requests: 3,
                                        duration: .seconds(1), timeout: .seconds(5))
        let (_, samples, _) = await run(fleet, settings, timeBase: runStart)
        await fleet.stop()
        #expect(samples.count == 3 && samples.allSatisfy { $0.succeeded })
    }
}

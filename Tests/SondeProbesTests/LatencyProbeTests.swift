import Synchronization
import Testing
import SondeCore
import SondeEmulator
@testable import SondeProbes

/// A sink that keeps samples in memory.
final class CollectingSink: SampleSink {
    private let samples = Mutex<[Sample]>([])
    func record(_ sample: Sample) { samples.withLock { $0.append(sample) } }
    var all: [Sample] { samples.withLock { $0 } }
}

@Suite(.serialized) struct LatencyProbeTests {
    func target(_ id: Int64, _ url: String, interval: Duration, samples: Int, timeout: Duration = .seconds(2),
                reuse: Bool = false, offset: Duration = .zero) -> LatencyPlan.Target {
        LatencyPlan.Target(providerID: id, name: "p\(id)", url: url, headers: [], interval: interval, samples: samples,
                           timeout: timeout, reuse: reuse, verifyTLS: true, offset: offset, firstSequence: 0)
    }

    @Test func warmConnectionsSkipTheConnectPhase() async throws {
        let spec = try FleetSpec.parse(yaml: """
            providers:
              - { name: a, kind: centralized, region: r, latency: { median: 2ms, sigma: 0.1 } }
            """, source: "t")
        let fleet = try await EmulatedFleet.start(spec)
        let url = fleet.endpoints[0].url
        let plan = LatencyPlan(targets: [target(1, url, interval: .milliseconds(30), samples: 10, reuse: true),
                                         target(2, url, interval: .milliseconds(30), samples: 10, reuse: false, offset: .milliseconds(15))],
                               maxDuration: nil)
        let sink = CollectingSink()
        let outcome = await LatencyProbe(plan: plan).run(ProbeContext(timeBase: TimeBase(), sink: sink)).ending
        await fleet.stop()
        #expect(outcome == .complete)
        let warm = sink.all.filter { $0.providerID == 1 }.sorted { $0.sequence < $1.sequence }
        let fresh = sink.all.filter { $0.providerID == 2 }
        #expect(warm.count == 10 && fresh.count == 10)
        #expect(warm.allSatisfy(\.succeeded) && fresh.allSatisfy(\.succeeded))
        // After the first attempt the warm connection is reused: no connect happened.
        #expect(warm.dropFirst().filter { $0.connectUs == nil }.count >= 8)
        #expect(fresh.allSatisfy { $0.connectUs != nil })
        #expect(Set(warm.map(\.sequence)) == Set(0..<10))
    }

    @Test func stopEndsTheRunAsInterrupted() async throws {
        let spec = try FleetSpec.parse(yaml: """
            providers:
              - { name: a, kind: centralized, region: r, latency: { median: 1ms, sigma: 0.1 } }
            """, source: "t")
        let fleet = try await EmulatedFleet.start(spec)
        let plan = LatencyPlan(targets: [target(1, fleet.endpoints[0].url, interval: .milliseconds(20), samples: 100_000)], maxDuration: nil)
        let stop = StopSignal()
        let sink = CollectingSink()
        let probe = Task { await LatencyProbe(plan: plan).run(ProbeContext(timeBase: TimeBase(), sink: sink, stop: stop)).ending }
        while sink.all.count < 5 { try await Task.sleep(for: .milliseconds(10)) }
        stop.stop()
        let outcome = await probe.value
        await fleet.stop()
        #expect(outcome == .interrupted)
        #expect(sink.all.count < 1000)
    }

    @Test func maxDurationBoundsTheSchedule() async throws {
        let plan = LatencyPlan(targets: [target(1, "http://127.0.0.1:9/", interval: .milliseconds(100), samples: 1000, timeout: .milliseconds(500))],
                               maxDuration: .milliseconds(450))
        let sink = CollectingSink()
        let outcome = await LatencyProbe(plan: plan).run(ProbeContext(timeBase: TimeBase(), sink: sink)).ending
        #expect(outcome == .complete)
        // Intended at 0, 100, 200, 300 and 400 ms; port 9 (discard) refuses on loopback.
        #expect(sink.all.count == 5)
        #expect(sink.all.allSatisfy { $0.errorClass == .refused })
    }

    @Test func warmPlainHTTPGoesThroughTheNativeEngineAndEverythingElseThroughLibcurl() {
        func plan(_ urls: [String], reuse: [Bool]) -> LatencyPlan {
            LatencyPlan(targets: zip(urls, reuse).enumerated().map { index, pair in
                target(Int64(index + 1), pair.0, interval: .milliseconds(10), samples: 1, reuse: pair.1)
            }, maxDuration: nil)
        }
        let warm = plan(["http://127.0.0.1:8080/a", "http://localhost:8081/b"], reuse: [true, true])
        #expect(LatencyProbe.usesNative(.auto, plan: warm, environment: [:]))
        // A fresh connection per attempt is timed by libcurl, whose DNS and connect marks it needs.
        #expect(!LatencyProbe.usesNative(.auto, plan: plan(["http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b"],
                                                             reuse: [true, false]), environment: [:]))
        #expect(!LatencyProbe.usesNative(.auto, plan: plan(["https://127.0.0.1:8443/"], reuse: [true]), environment: [:]))
        #expect(!LatencyProbe.usesNative(.auto, plan: warm, environment: ["http_proxy": "http://127.0.0.1:3128"]))
        #expect(!LatencyProbe.usesNative(.curl, plan: warm, environment: [:]))
        #expect(LatencyProbe.transport(for: warm, engine: .auto, maxInFlight: 4, intendedHeader: nil, environment: [:])
                is NativeLoadTransport)
        #expect(LatencyProbe.transport(for: warm, engine: .curl, maxInFlight: 4, intendedHeader: nil, environment: [:])
                is CurlLatencyTransport)
    }

    @Test func bothEnginesMarkTheSamePhasesOnAWarmConnection() async throws {
        let spec = try FleetSpec.parse(yaml: """
            providers:
              - { name: a, kind: centralized, region: r, latency: { median: 2ms, sigma: 0.1 } }
            """, source: "t")
        let fleet = try await EmulatedFleet.start(spec)
        var byEngine: [LoadEngine: [Sample]] = [:]
        for engine in [LoadEngine.curl, .native] {
            let plan = LatencyPlan(targets: [target(1, fleet.endpoints[0].url, interval: .milliseconds(20), samples: 10, reuse: true)],
                                   maxDuration: nil)
            var probe = LatencyProbe(plan: plan)
            probe.engine = engine
            let sink = CollectingSink()
            #expect(await probe.run(ProbeContext(timeBase: TimeBase(), sink: sink)).ending == .complete)
            byEngine[engine] = sink.all.sorted { $0.sequence < $1.sequence }
        }
        await fleet.stop()
        let curl = try #require(byEngine[.curl]), native = try #require(byEngine[.native])
        #expect(curl.count == 10 && native.count == 10)
        for samples in [curl, native] {
            #expect(samples.allSatisfy { $0.succeeded && $0.httpStatus == 200 && $0.probe == .latency })
            #expect(samples.allSatisfy { $0.tlsUs == nil && ($0.ttfbUs ?? .max) <= ($0.totalUs ?? 0) })
            // The first attempt opens the connection; later ones reuse it, with no connect mark.
            #expect(samples[0].connectUs != nil)
            #expect(samples.dropFirst().filter { $0.connectUs == nil }.count >= 8)
            // The emulator answers after ~2 ms: both engines time the wait for the first byte.
            #expect(samples.allSatisfy { ($0.ttfbUs ?? 0) >= 1_000 })
        }
        #expect(native.map(\.bytes) == curl.map(\.bytes))
        // The host is resolved once before the schedule starts: no per-attempt lookup mark.
        #expect(native.allSatisfy { $0.dnsUs == nil })
    }

    @Test(arguments: [LoadEngine.curl, .native])
    func attemptsOverTheInFlightCapWaitAndAreStoredLate(engine: LoadEngine) async throws {
        // A server that completes handshakes (the backlog) but never answers: every attempt times out.
        let silent = try SilentListener()
        let plan = LatencyPlan(targets: [target(1, "http://127.0.0.1:\(silent.port)/", interval: .milliseconds(10), samples: 6,
                                                timeout: .milliseconds(200), reuse: true)], maxDuration: nil)
        var probe = LatencyProbe(plan: plan)
        probe.maxInFlight = 2
        probe.engine = engine
        let sink = CollectingSink()
        let outcome = await probe.run(ProbeContext(timeBase: TimeBase(), sink: sink)).ending
        #expect(outcome == .complete)
        let samples = sink.all.sorted { $0.sequence < $1.sequence }
        #expect(samples.map(\.sequence) == Array(0..<6))
        #expect(samples.allSatisfy { $0.errorClass == .timeout })
        // Two in flight at a time: attempts 2...5 start only when a timed-out one frees its slot,
        // well after their intended times, and their stored start says so.
        let lateness = samples.map { ($0.startedNs - $0.intendedNs) / 1_000_000 }
        #expect(lateness[0] < 100 && lateness[1] < 100)
        #expect(lateness[2...].allSatisfy { $0 >= 100 })
    }

    @Test(arguments: [LoadEngine.curl, .native])
    func intendedHeaderCarriesEachAttemptsIntendedSendTime(engine: LoadEngine) async throws {
        let server = try HeaderRecordingServer(header: "x-test-intended")
        let plan = LatencyPlan(targets: [target(1, "http://127.0.0.1:\(server.port)/", interval: .milliseconds(15), samples: 8,
                                                reuse: true)], maxDuration: nil)
        var probe = LatencyProbe(plan: plan)
        probe.intendedHeader = "X-Test-Intended"
        probe.engine = engine
        let sink = CollectingSink()
        _ = await probe.run(ProbeContext(timeBase: TimeBase(), sink: sink))
        let samples = sink.all.sorted { $0.sequence < $1.sequence }
        #expect(samples.count == 8 && samples.allSatisfy(\.succeeded))
        // The pooled handle (or connection) is reused for each attempt; its header is rewritten in
        // place every time.
        #expect(server.values.sorted() == samples.map { String(format: "%019lld", $0.intendedNs) })
    }

    @Test func intendedHeaderNameComesFromTheEnvironmentOnlyWhenValid() {
        #expect(IntendedHeader.name(environment: [:]) == nil)
        #expect(IntendedHeader.name(environment: ["SONDE_INTENDED_HEADER": "X-Sonde-Intended-Ns"]) == "X-Sonde-Intended-Ns")
        #expect(IntendedHeader.name(environment: ["SONDE_INTENDED_HEADER": "Bad: name"]) == nil)
        #expect(IntendedHeader.name(environment: ["SONDE_INTENDED_HEADER": ""]) == nil)
    }
}


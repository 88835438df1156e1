import Testing
@testable import SondeCore

@Suite struct ThroughputSettingsTests {
    static let provider = "providers:\n  - {name: a, kind: depin, endpoint: 'http://127.0.0.1:8080/health', bandwidth_path: /blob/1GiB}\n"

    @Test func bandwidthAndLoadKeysParse() throws {
        let config = try ConfigLoader.parse(Self.provider + """
            probes:
              bandwidth: { path: /blob/8MiB, repeats: 3, upload: 1MiB, timeout: 20s }
              load: { rate: 30/m, duration: 2m, connections: 8, arrivals: poisson, store_cap: 10, timeout: 1s, path: /x }
            """, source: "c.yaml")
        #expect(!config.runsLatency)
        #expect(config.bandwidth == BandwidthProbeSettings(path: "/blob/8MiB", repeats: 3, uploadBytes: 1_048_576,
                                                           timeout: .seconds(20)))
        let load = try #require(config.load)
        #expect(load.rate == 0.5 && load.duration == .seconds(120) && load.connections == 8)
        #expect(load.arrivals == .poisson && load.storeCap == 10 && load.path == "/x" && load.connectionsLine == 5)
        #expect(config.providers[0].bandwidthPath == "/blob/1GiB")
        let plan = try BandwidthPlan.make(config: config, settings: config.bandwidth!, providerIDs: ["a": 1], environment: [:])
        #expect(plan.targets[0].target.url == "http://127.0.0.1:8080/blob/1GiB")
        #expect(plan.targets[0].uploadURL == "http://127.0.0.1:8080/upload")
    }

    @Test func rateMaxIsAClosedLoop() throws {
        let config = try ConfigLoader.parse(Self.provider + "probes:\n  latency: {}\n  load: { rate: max }\n", source: "c.yaml")
        #expect(config.runsLatency)
        #expect(config.load?.rate == nil)
    }

    @Test(arguments: [
        ("load: { rate: 0/s }", "c.yaml:4: probes.load.rate: must be greater than zero, got '0/s'"),
        ("load: { rate: fast }", "c.yaml:4: probes.load.rate: 'fast' is not a rate (use e.g. 500/s, 30/m, or max)"),
        ("load: { duration: soon }", "c.yaml:4: probes.load.duration: 'soon' is not a duration (use e.g. 250us, 200ms, 5s, 10m, 2h)"),
        ("load: { arrivals: bursty }", "c.yaml:4: probes.load.arrivals: 'bursty' is not constant or poisson"),
        ("load: { connections: 0 }", "c.yaml:4: probes.load.connections: 0 is out of range 1...1000000"),
        ("load: { engine: fast }", "c.yaml:4: probes.load.engine: 'fast' is not auto, curl or native"),
        ("bandwidth: { upload: 0B }", "c.yaml:4: probes.bandwidth.upload: must be greater than zero"),
        ("bandwidth: { path: blob }", "c.yaml:4: probes.bandwidth.path: 'blob' must be a path starting with / (no spaces)"),
    ])
    func badValuesNameTheirLine(probe: String, message: String) {
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(Self.provider + "probes:\n  " + probe + "\n", source: "c.yaml") }
        do {
            _ = try ConfigLoader.parse(Self.provider + "probes:\n  " + probe + "\n", source: "c.yaml")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aPoolAboveTheOpenFileLimitIsRejectedAtPlanTime() throws {
        let config = try ConfigLoader.parse(Self.provider + "probes:\n  load:\n    connections: 2000\n", source: "c.yaml")
        #expect(throws: ConfigError.self) {
            try LoadPlan.make(config: config, settings: config.load!, providerIDs: ["a": 1], environment: [:], openFileLimit: 1024)
        }
        do {
            _ = try LoadPlan.make(config: config, settings: config.load!, providerIDs: ["a": 1], environment: [:], openFileLimit: 1024)
        } catch {
            #expect(error.description == "c.yaml:5: probes.load.connections: 2000 connections × 1 providers exceed the open-file "
                + "limit (ulimit -n 1024); at most 960 per provider fit, or raise the limit")
        }
    }

    @Test func theEngineDefaultsToAutoAndNativeRefusesHTTPS() throws {
        #expect(try ConfigLoader.parse(Self.provider + "probes:\n  load: {}\n", source: "c.yaml").load?.engine == .auto)
        let https = "providers:\n  - {name: a, kind: depin, endpoint: 'https://example.com/'}\n"
        let config = try ConfigLoader.parse(https + "probes:\n  load:\n    engine: native\n", source: "c.yaml")
        #expect(config.load?.engine == .native)
        do {
            _ = try LoadPlan.make(config: config, settings: config.load!, providerIDs: ["a": 1], environment: [:], openFileLimit: 1024)
            Issue.record("native with an https provider was accepted")
        } catch {
            #expect(error.description == "c.yaml:5: probes.load.engine: the native engine speaks plain http:// only; "
                + "provider 'a' is not (use engine: auto or curl)")
        }
        let curl = try ConfigLoader.parse(https + "probes:\n  load: { engine: curl }\n", source: "c.yaml")
        #expect(try LoadPlan.make(config: curl, settings: curl.load!, providerIDs: ["a": 1], environment: [:],
                                  openFileLimit: 1024).settings.engine == .curl)
    }

    @Test func histogramsRoundTripThroughTheirTextForm() throws {
        var histogram = LatencyHistogram()
        for value in [120, 130, 5_000, 5_001, 1_234_567] { histogram.record(Int64(value)) }
        let decoded = try #require(LatencyHistogram(encoded: histogram.encoded()))
        #expect(decoded == histogram)
        #expect(decoded.quantile(1) == 1_234_567)
        #expect(decoded.quantile(0.5) == 5_001 || decoded.quantile(0.5) == 5_003)
        #expect(LatencyHistogram(encoded: "max:1 x:y") == nil)
    }
}

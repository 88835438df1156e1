import Foundation
import SondeCore
import SondeEmulator
import SondeStore
import Testing

/// One `sonde run` of the built binary against an in-process fleet, plus providers that the fleet
/// does not serve (nginx TLS endpoints, an unresolvable host), for the fault-class tests.
struct FaultRun {
    /// Samples per provider and the latency probe settings every fault test uses: short runs,
    /// and a timeout that a stall or a dribbling body outlasts.
    static let samples = 10
    static let probes = "  latency: { interval: 100ms, samples: \(samples), timeout: 1s }"
    /// For faults that fail at once (TLS, DNS): a timeout long enough that a machine stalled for
    /// a second by other work (seen with four compilers on two cores) cannot turn an answer into
    /// a timeout.
    static let patientProbes = "  latency: { interval: 100ms, samples: \(samples), timeout: 5s }"

    var data: RunData
    var result: SondeBinary.Result
    /// Where `sonde.yaml` and `run.db` are.
    var directory: URL

    /// The samples of provider `name`, in sequence order.
    func samples(_ name: String) -> [Sample] {
        data.series.first { $0.provider.name == name }?.samples.sorted { $0.sequence < $1.sequence } ?? []
    }

    /// `class status` of each sample, for failure messages.
    func outcomes(_ name: String) -> String {
        samples(name).map { "\($0.errorClass?.rawValue ?? "ok") \($0.httpStatus ?? 0)" }.joined(separator: ", ")
    }

    /// Starts `fleetYAML`, lists its endpoints as providers (each followed by its lines in
    /// `providerKeys`, e.g. `headers:`, indented by four spaces) and then `extraProviders` (lines
    /// of a `providers:` list, indented by two), runs `sonde run` with `environment`, stops the
    /// fleet, and loads the stored run. `inspect` sees the fleet after the run, before it stops.
    static func run(fleet fleetYAML: String, providerKeys: [String: String] = [:], extraProviders: String = "",
                    probes: String = probes, environment: [String: String] = [:],
                    inspect: (EmulatedFleet) -> Void = { _ in }) async throws -> FaultRun {
        let spec = try FleetSpec.parse(yaml: fleetYAML, source: "fleet.yaml")
        let fleet = try await EmulatedFleet.start(spec)
        let dir = try temporaryDirectory()
        var providers = "providers:\n"
        for endpoint in fleet.endpoints {
            providers += "  - name: \(endpoint.name)\n    kind: \(endpoint.kind.rawValue)\n    region: \(endpoint.region)\n"
            providers += "    endpoint: \(endpoint.url)\n" + (providerKeys[endpoint.name] ?? "")
        }
        let config = providers + extraProviders + "\nprobes:\n" + probes + "\n"
        try config.write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let result = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "run.db", "--duration", "30s",
                                                "--label", "faults"], in: dir, environment: environment)
        inspect(fleet)
        await fleet.stop()
        let store = try SampleStore(path: dir.appendingPathComponent("run.db").path, create: false)
        return FaultRun(data: try store.load(try store.run(.label("faults"))), result: result, directory: dir)
    }

    /// A fleet of one healthy provider, `healthy`, and `faulty` written as flow-mapping keys
    /// after its name (e.g. `fault: reset`).
    static func fleet(faulty: String? = nil, seed: Int = 7) -> String {
        var yaml = """
            seed: \(seed)
            providers:
              - { name: healthy, kind: centralized, region: us-east, latency: { median: 5ms, sigma: 0.1 } }

            """
        if let faulty {
            yaml += "  - { name: faulty, kind: depin, region: eu, latency: { median: 5ms, sigma: 0.1 }, \(faulty) }\n"
        }
        return yaml
    }

    /// The run finished normally and the healthy provider has every sample, all `200`, none failed.
    func expectCompleteWithHealthyIntact(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 0, "sonde run failed: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(data.run.status == .complete, sourceLocation: sourceLocation)
        let healthy = samples("healthy")
        #expect(healthy.count == Self.samples, "healthy: \(healthy.count) samples", sourceLocation: sourceLocation)
        #expect(healthy.allSatisfy { $0.succeeded && $0.errorClass == nil && $0.httpStatus == 200 },
                "healthy: \(outcomes("healthy"))", sourceLocation: sourceLocation)
    }

    /// Every one of `name`'s samples is there and failed with `errorClass`.
    func expectEvery(_ name: String, is errorClass: ErrorClass, sourceLocation: SourceLocation = #_sourceLocation) {
        let samples = samples(name)
        #expect(samples.count == Self.samples, "\(name): \(samples.count) samples", sourceLocation: sourceLocation)
        #expect(samples.allSatisfy { $0.errorClass == errorClass && !$0.succeeded },
                "\(name): expected every sample \(errorClass.rawValue), got \(outcomes(name))", sourceLocation: sourceLocation)
    }
}

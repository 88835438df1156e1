import Foundation
import SondeCore
@testable import SondeEmulator
import Testing

@Suite struct FleetSpecTests {
    /// A valid one-provider fleet; tests replace one line to break it.
    static let valid = """
        seed: 7
        providers:
          - name: p1
            kind: depin
            region: eu-central
            latency: { median: 40ms, sigma: 0.12 }
            fault: none
        """

    private func error(_ yaml: String) -> ConfigError? {
        do {
            _ = try FleetSpec.parse(yaml: yaml, source: "fleet.yaml")
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    @Test func parsesEveryField() throws {
        let spec = try FleetSpec.parse(yaml: """
            seed: 9
            providers:
              - name: edge.1
                kind: centralized
                region: us-east
                jurisdiction: US
                latency: { median: 250us, sigma: 0 }
                spikes: { probability: 0.5, median: 1.5s, sigma: 0.3 }
                episodes:
                  every: 30s
                  duration: 4s
                  multiplier: 2.5
                fault: status:503
                body: 1KiB
            """, source: "f.yaml")
        #expect(spec == FleetSpec(seed: 9, providers: [
            EmulatedProviderSpec(
                name: "edge.1", kind: .centralized, region: "us-east", jurisdiction: "US",
                latency: .init(median: .microseconds(250), sigma: 0),
                spikes: .init(probability: 0.5, median: .milliseconds(1500), sigma: 0.3),
                episodes: .init(every: .seconds(30), duration: .seconds(4), multiplier: 2.5),
                fault: .status(503), bodyBytes: 1024),
        ]))
    }

    @Test func unknownKeyNamesItsLineAndField() {
        let yaml = Self.valid.replacingOccurrences(of: "    fault: none", with: "    faults: none")
        #expect(error(yaml)?.description
            == "fleet.yaml:7: providers[0].faults: unknown key (expected one of: bandwidth, body, change, drops, episodes, fault, fault_probability, fault_schedule, jurisdiction, kind, latency, llm, llm_fault, name, provisioning, region, require_header, spikes)")
    }

    @Test func unknownNestedKeyNamesItsPath() {
        let yaml = Self.valid.replacingOccurrences(of: "sigma: 0.12", with: "sd: 0.12")
        #expect(error(yaml)?.line == 6)
        #expect(error(yaml)?.field == "providers[0].latency.sd")
    }

    @Test func badDurationNamesItsLineAndField() {
        let yaml = Self.valid.replacingOccurrences(of: "median: 40ms", with: "median: 40")
        #expect(error(yaml)?.description
            == "fleet.yaml:6: providers[0].latency.median: expected a duration with a unit such as 250us, 40ms or 4s, got '40'")
    }

    @Test func unknownKindNamesItsLineAndField() {
        let yaml = Self.valid.replacingOccurrences(of: "kind: depin", with: "kind: cloud")
        #expect(error(yaml)?.description
            == "fleet.yaml:4: providers[0].kind: unknown kind 'cloud' (expected depin or centralized)")
    }

    @Test(arguments: ["status:200", "status:600", "status:-1", "flaky", "status:50x"])
    func badFaultNamesItsLineAndField(fault: String) {
        let yaml = Self.valid.replacingOccurrences(of: "fault: none", with: "fault: \(fault)")
        #expect(error(yaml)?.line == 7)
        #expect(error(yaml)?.field == "providers[0].fault")
        #expect(error(yaml)?.problem.hasPrefix("unknown fault '\(fault)'") == true)
    }

    @Test(arguments: [("status:503", EmulatedProviderSpec.Fault.status(503)), ("status:429", .status(429)),
                      ("refuse", .refuse), ("stall", .stall), ("none", .none)])
    func faultsParse(text: String, fault: EmulatedProviderSpec.Fault) throws {
        let yaml = Self.valid.replacingOccurrences(of: "fault: none", with: "fault: \(text)")
        #expect(try FleetSpec.parse(yaml: yaml, source: "f").providers[0].fault == fault)
    }

    @Test func missingKeyPointsAtItsMapping() {
        let yaml = Self.valid.replacingOccurrences(of: "    region: eu-central\n", with: "")
        #expect(error(yaml)?.description == "fleet.yaml:3: providers[0].region: missing required key")
    }

    @Test func outOfRangeNumbersAreRejected() {
        let yaml = Self.valid + "\n    spikes: { probability: 1.5, median: 1s, sigma: 0.1 }"
        #expect(error(yaml)?.description
            == "fleet.yaml:8: providers[0].spikes.probability: expected a number from 0 to 1, got '1.5'")
    }

    @Test(arguments: ["1.5KiB", "64", "65MiB", "-1B", "4 KiB"])
    func badBodySizeNamesItsLineAndField(size: String) {
        let yaml = Self.valid + "\n    body: \(size)"
        #expect(error(yaml)?.line == 8)
        #expect(error(yaml)?.field == "providers[0].body")
    }

    @Test func duplicateNamesAndKeysAreRejected() {
        let twice = Self.valid + "\n" + Self.valid.split(separator: "\n").dropFirst(2).joined(separator: "\n")
        #expect(error(twice)?.line == 8)
        #expect(error(twice)?.problem == "duplicate provider name 'p1' (first on line 3)")
        let duplicateKey = error(Self.valid + "\n    kind: depin")
        #expect(duplicateKey?.field == "kind")
        #expect(duplicateKey?.problem == "appears twice")
        #expect(duplicateKey?.description.contains("\n") == false)
    }

    @Test func yamlSyntaxErrorsCarryALine() {
        let yaml = Self.valid.replacingOccurrences(of: "{ median: 40ms, sigma: 0.12 }", with: "{ median: 40ms, sigma: 0.12")
        #expect(error(yaml)?.line != nil)
        #expect(error(yaml)?.problem.hasPrefix("malformed YAML: ") == true)
        #expect(error(yaml)?.description.contains("\n") == false)
    }

    @Test func emptyFileIsAnError() {
        #expect(error("")?.description == "fleet.yaml:1: providers: the file is empty")
        #expect(error("seed: 1")?.problem == "missing required key")
    }

    @Test func defaultFleetParses() throws {
        let spec = try FleetSpec.parse(yaml: FleetSpec.defaultYAML, source: "default")
        #expect(spec == FleetSpec.default)
        #expect(spec.providers.map(\.name) == ["cloud-us-east", "depin-na", "depin-eu", "depin-apac"])
        #expect(spec.providers.map(\.kind) == [.centralized, .depin, .depin, .depin])
        #expect(spec.providers.map(\.region) == ["us-east", "us-west", "eu-central", "ap-southeast"])
        #expect(spec.providers.allSatisfy { $0.fault == .none })
        #expect(spec.providers[0].episodes == nil, "the baseline is the quiet one")
    }

    @Test func specRoundTripsThroughCodable() throws {
        let spec = FleetSpec.default
        let data = try JSONEncoder().encode(spec)
        #expect(try JSONDecoder().decode(FleetSpec.self, from: data) == spec)
    }
}

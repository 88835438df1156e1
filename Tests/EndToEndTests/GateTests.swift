import Foundation
import Testing
import SondeCore
import SondeEmulator

/// `sonde gate` on real runs against the emulator: a provider slowed by a known amount between
/// two runs fails the gate, naming it; an unchanged rerun passes.
@Suite(.serialized) struct GateTests {
    static func fleet(slowdown: Double) -> String {
        // 100 ms medians: the few milliseconds a loaded machine adds between runs stay far
        // below the 25% limit, so only the real slowdown can fail the gate.
        let slowed = Int(100 * slowdown)
        return """
            seed: 3
            providers:
              - { name: steady, kind: centralized, region: us-east, latency: { median: 100ms, sigma: 0.15 } }
              - { name: drifting, kind: depin, region: eu, latency: { median: \(slowed)ms, sigma: 0.15 } }
            """
    }

    /// Runs the fleet once into `db` under `label`.
    func run(_ fleetYAML: String, label: String, in dir: URL) async throws {
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: fleetYAML, source: "fleet"))
        try (fleet.providersYAML() + "\nprobes:\n  latency: { interval: 15ms, samples: 200, timeout: 2s }\n")
            .write(to: dir.appendingPathComponent("\(label).yaml"), atomically: true, encoding: .utf8)
        let result = try await SondeBinary.run(["run", "-c", "\(label).yaml", "--db", "gate.db", "--label", label], in: dir)
        await fleet.stop()
        #expect(result.status == 0, "\(result.stderr)")
    }

    static let rules = """
        rules:
          p50_total: { max_increase: 25% }
          p99_total: { max_increase: 50% }
          error_rate: { max: 5% }
        """

    @Test func aSlowedProviderFailsAndAnUnchangedRerunPasses() async throws {
        let dir = try temporaryDirectory()
        try Self.rules.write(to: dir.appendingPathComponent("gate.yaml"), atomically: true, encoding: .utf8)
        try await run(Self.fleet(slowdown: 1), label: "base", in: dir)
        try await run(Self.fleet(slowdown: 2), label: "slow", in: dir)
        try await run(Self.fleet(slowdown: 1), label: "same", in: dir)

        let failing = try await SondeBinary.run(["gate", "--db", "gate.db", "--baseline", "base", "--candidate", "slow",
                                                 "-c", "gate.yaml", "--junit", "gate.xml"], in: dir)
        #expect(failing.status == 2, "\(failing.stdout)\(failing.stderr)")
        #expect(failing.stdout.contains("| drifting | p50_total | max_increase 25.0% |"))
        #expect(failing.stdout.contains("❌ regression"))
        #expect(!failing.stdout.split(separator: "\n").contains { $0.hasPrefix("| steady |") && $0.contains("regression") }, "\(failing.stdout)")
        let junit = try String(contentsOf: dir.appendingPathComponent("gate.xml"), encoding: .utf8)
        #expect(junit.contains("<testsuite name=\"drifting\""))
        #expect(junit.contains("<failure message=\"drifting p50_total"))

        let passing = try await SondeBinary.run(["gate", "--db", "gate.db", "--baseline", "base", "--candidate", "same", "-c", "gate.yaml"], in: dir)
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(passing.stdout.hasPrefix("## sonde gate: pass"))

        // The same comparison against the baseline exported as a committed JSON file.
        let export = try await SondeBinary.run(["report", "--db", "gate.db", "--label", "base", "--format", "json", "-o", "base.json"], in: dir)
        #expect(export.status == 0, "\(export.stderr)")
        let fromFile = try await SondeBinary.run(["gate", "--db", "gate.db", "--baseline", "base.json", "--candidate", "slow", "-c", "gate.yaml"], in: dir)
        #expect(fromFile.status == 2, "\(fromFile.stdout)\(fromFile.stderr)")
        #expect(fromFile.stdout.contains("| drifting | p50_total |"))
        // The file (sonde.report/2, packed samples) gives the verdict table the run gives.
        func table(_ text: String) -> [Substring] { text.split(separator: "\n").filter { $0.hasPrefix("| ") } }
        #expect(table(fromFile.stdout) == table(failing.stdout))

        // GitHub Actions gets annotations.
        let annotated = try await SondeBinary.run(["gate", "--db", "gate.db", "--baseline", "base", "--candidate", "slow", "-c", "gate.yaml"],
                                                  in: dir, environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": ""])
        #expect(annotated.stdout.contains("::error title=sonde gate drifting p50_total::drifting p50_total +"))
    }

    @Test func badInputsGetTheirExitCodes() async throws {
        let dir = try temporaryDirectory()
        try await run(Self.fleet(slowdown: 1), label: "base", in: dir)
        try "{\"schema\": \"sonde.report/1\", \"run\": 3}".write(to: dir.appendingPathComponent("broken.json"), atomically: true, encoding: .utf8)
        try "rules:\n  p99_total: { max_increase: lots }\n".write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)

        let missing = try await SondeBinary.run(["gate", "--db", "gate.db", "--baseline", "nightly", "--candidate", "base"], in: dir)
        #expect(missing.status == 5)
        #expect(missing.stderr == "sonde: baseline missing: no run with id or label 'nightly'\n")

        let malformed = try await SondeBinary.run(["gate", "--db", "gate.db", "--baseline", "broken.json"], in: dir)
        #expect(malformed.status == 65)
        #expect(malformed.stderr.hasPrefix("sonde: broken.json: not a sonde JSON report: "))
        #expect(malformed.stderr.split(separator: "\n").count == 1)

        let badRules = try await SondeBinary.run(["gate", "--db", "gate.db", "--baseline", "base", "-c", "bad.yaml"], in: dir)
        #expect(badRules.status == 64)
        #expect(badRules.stderr == "sonde: bad.yaml:2: rules.p99_total.max_increase: 'lots' is not a positive share (write e.g. 1% or 0.01)\n")
    }
}

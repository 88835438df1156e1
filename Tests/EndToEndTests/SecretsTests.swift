import Foundation
import Testing
import SondeCore
import SondeEmulator

/// A secret referenced as `${ENV}` is really sent (the emulator checks), and appears nowhere
/// afterwards: not in the database or its WAL, not on stdout or stderr, not in any report format,
/// not in the gate's outputs — plain, base64- or URL-encoded.
@Suite(.serialized) struct SecretsTests {
    @Test func aSecretIsUsedButNeverWrittenAnywhere() async throws {
        let secret = "s3cr3t/\(UUID().uuidString.prefix(8))+key=&"
        let fleetYAML = """
            seed: 9
            providers:
              - { name: guarded, kind: centralized, region: us, latency: { median: 5ms, sigma: 0.1 }, require_header: { name: Authorization, value: "Bearer \(secret)" } }
              - { name: open, kind: depin, region: eu, latency: { median: 8ms, sigma: 0.2 } }
            """
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: fleetYAML, source: "fleet"))
        let dir = try temporaryDirectory()
        // The secret also rides in a query string: the stored endpoint must keep the reference.
        let endpoints = fleet.endpoints
        let config = """
            providers:
              - name: guarded
                kind: centralized
                region: us
                endpoint: "\(endpoints[0].url)?token=${SONDE_TEST_SECRET}"
                headers: { Authorization: "Bearer ${SONDE_TEST_SECRET}" }
              - { name: open, kind: depin, region: eu, endpoint: "\(endpoints[1].url)" }
            probes:
              latency: { interval: 20ms, samples: 25, timeout: 2s }
            """
        try config.write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let env = ["SONDE_TEST_SECRET": secret, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": dir.appendingPathComponent("summary.md").path]
        var outputs: [SondeBinary.Result] = []
        outputs.append(try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "s.db", "--label", "base"], in: dir, environment: env))
        outputs.append(try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "s.db", "--label", "cand"], in: dir, environment: env))
        let authorized = fleet.authorizedRequests(provider: "guarded")
        await fleet.stop()
        #expect(outputs.allSatisfy { $0.status == 0 }, "\(outputs.map(\.stderr))")
        #expect(authorized == 50, "the emulator saw the secret on \(authorized) of 50 requests")

        for format in ["md", "csv", "json", "html", "samples"] {
            outputs.append(try await SondeBinary.run(["report", "--db", "s.db", "--format", format, "-o", "report.\(format)"], in: dir, environment: env))
            outputs.append(try await SondeBinary.run(["report", "--db", "s.db", "--format", format], in: dir, environment: env))
        }
        outputs.append(try await SondeBinary.run(["report", "--db", "s.db", "--label", "base", "--format", "json", "-o", "base.json"], in: dir, environment: env))
        outputs.append(try await SondeBinary.run(["gate", "--db", "s.db", "--baseline", "base.json", "--candidate", "cand", "--junit", "gate.xml"],
                                                 in: dir, environment: env))
        // An error path too: an unset variable is named, its would-be value cannot be.
        let unset = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "s.db"], in: dir)
        #expect(unset.status == 64 && unset.stderr.contains("environment variable SONDE_TEST_SECRET is not set"), "\(unset.stderr)")
        outputs.append(unset)

        let needles = [secret, Data(secret.utf8).base64EncodedString(),
                       secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret,
                       secret.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? secret]
        var haystacks: [(String, Data)] = outputs.enumerated().flatMap { index, result in
            [("stdout of command \(index)", Data(result.stdout.utf8)), ("stderr of command \(index)", Data(result.stderr.utf8))]
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file != "sonde.yaml" {
            haystacks.append((file, try Data(contentsOf: dir.appendingPathComponent(file))))
        }
        #expect(haystacks.contains { $0.0 == "s.db" } && haystacks.contains { $0.0 == "report.html" } && haystacks.contains { $0.0 == "gate.xml" })
        for (name, bytes) in haystacks {
            for needle in needles {
                #expect(bytes.range(of: Data(needle.utf8)) == nil, "\(name) contains the secret (\(needle))")
            }
        }
        // The reference itself is what the database keeps.
        let db = try Data(contentsOf: dir.appendingPathComponent("s.db"))
        let wal = (try? Data(contentsOf: dir.appendingPathComponent("s.db-wal"))) ?? Data()
        #expect(db.range(of: Data("${SONDE_TEST_SECRET}".utf8)) != nil || wal.range(of: Data("${SONDE_TEST_SECRET}".utf8)) != nil)
    }
}

import Foundation
import Testing
import SondeCore
import SondeEmulator

/// `sonde run` on the default fleet with its provisioning models, as `sonde demo` configures it:
/// every provider is provisioned, every machine torn down, and the report has the section.
@Suite(.serialized) struct ProvisionRunTests {
    @Test func runProvisionsTheDefaultFleetAndReportsTimeToProvision() async throws {
        let dir = try temporaryDirectory()
        let fleet = try await EmulatedFleet.start(FleetSpec.default)
        let config = fleet.providersYAML(withProvisioning: true, attempts: 2)
            + "probes:\n  latency: { interval: 20ms, samples: 10, timeout: 2s }\nanalysis:\n  baseline: cloud-us-east\n"
        try config.write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let run = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "p.db"], in: dir, timeout: .seconds(60))
        await fleet.stop()
        #expect(run.status == 0, "\(run.stderr)")
        let report = try await SondeBinary.run(["report", "--db", "p.db", "--format", "md"], in: dir)
        #expect(report.stdout.contains("## Time to provision"))
        #expect(report.stdout.contains("cloud-us-east 1:300"))
        for provider in FleetSpec.default.providers.map(\.name) {
            #expect(report.stdout.contains("| \(provider) | 2 |"), "no attempts row for \(provider)")
        }
        // The baseline's capacity queue (10 min + 90 s modelled, at 1:300 about 2.3 s) shows in its total.
        let json = try await SondeBinary.run(["report", "--db", "p.db", "--format", "json"], in: dir)
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let providers = (document?["provisioning"] as? [String: Any])?["providers"] as? [[String: Any]] ?? []
        let baseline = try #require(providers.first { $0["provider"] as? String == "cloud-us-east" })
        let total = (baseline["stages"] as? [[String: Any]])?.first { $0["stage"] as? String == "total" }
        let p50 = try #require(total?["p50_s"] as? Double)
        #expect(p50 > 1 && p50 < 6, "baseline total p50 \(p50) s")
        // Nothing created is left standing.
        let open = try await SondeBinary.run(["provision", "cleanup", "--db", "p.db", "--dry-run"], in: dir)
        #expect(open.stderr.contains("no machines left behind"), "\(open.stderr)")
    }
}

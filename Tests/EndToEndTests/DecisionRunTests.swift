import Foundation
import SondeCore
import SondeEmulator
import Testing

/// The decision section end to end: the built binary watches an emulated provider that drops
/// at known times and one that never drops, both priced (one from a SkyPilot catalog read at
/// report time), and reports which provider suits a training job. Two runs at once against the
/// same fleet, one stating a 21-day wait for the steady provider and one stating none: the wait
/// is part of the stored configuration, so each run carries its own.
@Suite(.serialized) struct DecisionRunTests {
    static let fleet = """
        seed: 5
        providers:
          - { name: steady, kind: centralized, region: us-east, latency: { median: 5ms, sigma: 0.1 } }
          - { name: flaky, kind: depin, region: eu, latency: { median: 5ms, sigma: 0.1 },
              drops: { at: [1.5s, 2.5s, 3.5s, 4.5s], duration: 300ms } }
        """
    static let catalog = """
        InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region,AvailabilityZone
        p4d.24xlarge,A100,8,96,1152,"{'Gpus': [{'Name': 'A100', 'Count': 8}]}",32.7726,9.8318,us-east-1,us-east-1a

        """

    /// A 120 s job (checkpoint 0.1 s, restart 0.2 s): the flaky provider's MTBF is about a
    /// second, so without checkpoints it practically never finishes (even if a loaded machine
    /// started the watch late and saw one drop in 6 s, e^20 restarts outlast 21 days), with
    /// them it finishes in minutes; the steady provider, never interrupted, needs the 120 s plus
    /// its wait, which the flaky one's checkpoints alone exceed.
    static func config(_ fleet: EmulatedFleet, steadyWait: String) -> String {
        var lines: [String] = []
        for line in fleet.providersYAML().split(separator: "\n") {
            lines.append(String(line))
            guard line.hasPrefix("    endpoint: ") else { continue }
            if lines.contains(where: { $0.contains("name: steady") }) && !lines.contains(where: { $0.contains("catalog") }) {
                lines.append("    price: { catalog: { file: vms.csv, instance_type: p4d.24xlarge, region: us-east-1 }, currency: USD }")
                lines.append("    wait: \(steadyWait)")
            } else {
                lines.append("    price: { per_gpu_hour: 1.10, gpus: 8, currency: USD }")
            }
        }
        return lines.joined(separator: "\n") + """

            probes:
              availability: { interval: 50ms, timeout: 1s, duration: 5500ms, failures_to_interrupt: 3 }
            workloads:
              - { name: train-2m, kind: training, compute: 120s, checkpoint_cost: 100ms, restart_cost: 200ms }

            """
    }

    /// The decision section's tables of one run, by table id, as provider names in rank order.
    static func rankings(_ dir: URL, db: String) async throws -> [String: [String]] {
        let report = try await SondeBinary.run(["report", "--db", db, "--format", "json"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let document = try decoder.decode(ReportDocument.self, from: Data(report.stdout.utf8))
        let section = try #require(document.sections?.first { $0.id == "decision" })
        var result: [String: [String]] = [:]
        for table in section.tables {
            let column = try #require(table.columns.firstIndex { $0.name == "provider" })
            result[table.id] = table.rows.map { $0[column] }
        }
        return result
    }

    @Test func theWaitFlipsTheRankingAndCheckpointsDecideTheFlakyProvider() async throws {
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: Self.fleet, source: "fleet.yaml"))
        let dir = try temporaryDirectory()
        try Self.catalog.write(to: dir.appendingPathComponent("vms.csv"), atomically: true, encoding: .utf8)
        try Self.config(fleet, steadyWait: "21d").write(to: dir.appendingPathComponent("wait.yaml"), atomically: true, encoding: .utf8)
        try Self.config(fleet, steadyWait: "0s").write(to: dir.appendingPathComponent("nowait.yaml"), atomically: true, encoding: .utf8)
        async let waiting = SondeBinary.run(["run", "-c", "wait.yaml", "--db", "wait.db", "--label", "wait"], in: dir)
        async let notWaiting = SondeBinary.run(["run", "-c", "nowait.yaml", "--db", "nowait.db", "--label", "nowait"], in: dir)
        let runs = try await [waiting, notWaiting]
        await fleet.stop()
        for run in runs { #expect(run.status == 0, "sonde run failed: \(run.stderr)") }
        let stated = try await Self.rankings(dir, db: "wait.db")
        // With the steady provider's 21-day wait the flaky one delivers first with checkpoints,
        // and last without them (every drop costs the whole run so far).
        #expect(stated["time-0"] == ["flaky", "steady"], "\(stated)")
        #expect(stated["nocheckpoint-0"] == ["steady", "flaky"], "\(stated)")
        #expect(stated["cost-0"] == ["flaky", "steady"], "\(stated)")

        let md = try await SondeBinary.run(["report", "--db", "wait.db", "--format", "md"], in: dir)
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.contains("## Which provider for this workload"))
        #expect(md.stdout.contains("21.0 d (stated)"))
        #expect(md.stdout.contains("catalog vms.csv:2"))
        #expect(md.stdout.contains("steady vs flaky: later, 95% interval"))
        let html = try await SondeBinary.run(["report", "--db", "wait.db", "--format", "html"], in: dir)
        #expect(html.status == 0 && html.stdout.contains("Which provider for this workload"), "\(html.stderr)")
        let csv = try await SondeBinary.run(["report", "--db", "wait.db", "--format", "csv"], in: dir)
        #expect(csv.status == 0 && csv.stdout.split(separator: "\n").contains { $0.contains(",decision,time-0,") }, "\(csv.stdout.prefix(400))")

        let unstated = try await Self.rankings(dir, db: "nowait.db")
        // With no stated wait the steady provider's 40 s beats the flaky one's restarts.
        #expect(unstated["time-0"] == ["steady", "flaky"], "\(unstated)")

        // A catalog that is not there when the report is made: exit 66, naming file and field.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("vms.csv"))
        let missing = try await SondeBinary.run(["report", "--db", "wait.db", "--format", "md"], in: dir)
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("providers[0].price.catalog.file") && missing.stderr.contains("vms.csv"), "\(missing.stderr)")
    }
}

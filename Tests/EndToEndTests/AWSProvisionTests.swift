import Foundation
import Testing
import SondeCore
import SondeEmulator

/// The aws-ec2 preset against a real EC2 API (moto) on loopback: every phase measured, and no
/// instance left running, whether the run ends normally or is killed right after run-instances.
@Suite(.serialized, .enabled(if: !MotoServer.skipped, "moto_server/aws CLI unavailable (see the SKIPPED banner)"))
struct AWSProvisionTests {
    static let fleetYAML = "providers:\n  - { name: vm, kind: centralized, region: r, latency: { median: 1ms, sigma: 0.1 } }\n"

    func config(moto: MotoServer, health: String, attempts: Int) -> String {
        """
        providers:
          - name: ec2-test
            kind: centralized
            region: us-east-1
            endpoint: \(health)
            provision:
              adapter: aws-ec2
              image: ami-12c6146b
              instance_type: t2.micro
              region: us-east-1
              endpoint_url: \(moto.url)
              health_url: \(health)
              poll_interval: 200ms
              deadline: 60s
              attempts: \(attempts)
        """
    }

    @Test func everyPhaseIsMeasuredAndNoInstanceIsLeftRunning() async throws {
        let dir = try temporaryDirectory()
        let moto = try await MotoServer()
        defer { moto.stop() }
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: Self.fleetYAML, source: "fleet"))
        try config(moto: moto, health: fleet.endpoints[0].url, attempts: 1)
            .write(to: dir.appendingPathComponent("ec2.yaml"), atomically: true, encoding: .utf8)
        let result = try await SondeBinary.run(["provision", "run", "-c", "ec2.yaml", "--db", "p.db"], in: dir,
                                               environment: MotoServer.environment, timeout: .seconds(90))
        await fleet.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("1 attempts, 1 ready, 0 leaked"), "\(result.stderr)")
        let rows = try sqliteRows(dir.appendingPathComponent("p.db"), """
            select resource_id, requested_ns < accepted_ns and accepted_ns <= running_ns and running_ns <= reachable_ns
                   and reachable_ns <= torn_down_ns, outcome, leaked from provisions order by attempt
            """)
        let instances = try await moto.instances()
        #expect(rows.count == 1)
        for row in rows {
            #expect(row[1] == "1" && row[2] == "ready" && row[3] == "0", "\(row)")
            #expect(instances.contains { $0.id == row[0] && $0.state == "terminated" }, "\(row[0]) in \(instances)")
        }
        #expect(instances.filter { $0.state == "running" || $0.state == "pending" }.isEmpty, "\(instances)")
    }

    @Test func killNineAfterRunInstancesThenCleanupLeavesNothingRunning() async throws {
        let dir = try temporaryDirectory()
        let moto = try await MotoServer()
        defer { moto.stop() }
        // Nothing answers here, so the run would wait for reachability until its deadline.
        try config(moto: moto, health: "http://127.0.0.1:1/health", attempts: 1)
            .write(to: dir.appendingPathComponent("ec2.yaml"), atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("p.db")
        let running = try SondeBinary.start(["provision", "run", "-c", "ec2.yaml", "--db", "p.db"], in: dir,
                                            environment: MotoServer.environment)
        var id: String?
        let deadline = ContinuousClock.now + .seconds(30)
        while id == nil && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            id = (try? sqliteRows(db, "select resource_id from provisions where resource_id is not null"))?.first?.first
        }
        kill(running.process.processIdentifier, SIGKILL)
        _ = await running.finished()
        let instance = try #require(id, "run-instances never returned an id")
        #expect(try await moto.instances().contains { $0.id == instance && $0.state == "running" })

        let cleanup = try await SondeBinary.run(["provision", "cleanup", "--db", "p.db"], in: dir,
                                                environment: MotoServer.environment, timeout: .seconds(60))
        #expect(cleanup.status == 0, "\(cleanup.stderr)")
        #expect(cleanup.stderr.contains("destroyed ec2-test attempt 1 id \(instance)"), "\(cleanup.stderr)")
        let instances = try await moto.instances()
        #expect(instances.filter { $0.state == "running" || $0.state == "pending" }.isEmpty, "\(instances)")
        let row = try sqliteRows(db, "select outcome, torn_down_ns is not null, leaked from provisions")
        #expect(row == [["cancelled", "1", "0"]])
        // A second cleanup finds nothing left.
        let again = try await SondeBinary.run(["provision", "cleanup", "--db", "p.db"], in: dir, environment: MotoServer.environment)
        #expect(again.stderr.contains("no machines left behind"))
    }
}

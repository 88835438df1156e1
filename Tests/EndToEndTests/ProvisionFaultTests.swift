import Foundation
import Testing
import SondeCore
import SondeEmulator

/// The 10-point sample of the provisioning fault sweep (the full sweep is `make check-provision`,
/// scripts/provision-sweep.sh): `sonde provision run` with the command adapter, interrupted by
/// SIGINT or SIGKILL at each phase (create before and after the provider made the machine,
/// status, health, destroy). Each interrupt waits for its phase (a file or row the phase leaves),
/// so the points are the same on a loaded machine. After SIGINT no machine may remain without
/// cleanup; after SIGKILL none after `sonde provision cleanup`; and the stored attempt must
/// agree with what the provider holds. Plus the tool that hangs, dies, or prints garbage.
@Suite(.serialized) struct ProvisionFaultTests {
    /// A provider CLI keeping machines as files. create makes the machine 0.4 s before it answers
    /// (the window in which an interrupt used to lose the id); `FAULT` makes create hang, die by
    /// SIGKILL after making the machine, or print garbage after making it.
    static let cli = #"""
        #!/bin/sh
        dir="$(dirname "$0")"
        case "$1" in
        create)
            sleep 0.3; id="m-$$"; echo "$2" > "$dir/machines/$id"
            case "$FAULT" in
            hang) sleep 60 ;;
            die) kill -9 $$ ;;
            garbage) echo "Traceback (most recent call last):"; exit 0 ;;
            esac
            sleep 0.4; echo "{\"id\": \"$id\"}" ;;
        status) sleep 0.1; [ -f "$dir/machines/$2" ] || exit 4; echo '{"state": "running"}' ;;
        destroy) touch "$dir/destroying"; sleep 0.4; rm -f "$dir/machines/$2"; echo '{}' ;;
        find) grep -l -x -F "$2" "$dir"/machines/m-* 2>/dev/null | xargs -r -n1 basename ;;
        esac
        """#

    enum Phase: String, CaseIterable {
        case createBeforeMachine, createAfterMachine, status, health, destroy
    }

    struct Setup {
        var dir: URL
        var machines: URL
        var db: URL
    }

    func setUp(health: String, withFind: Bool = true, deadline: String = "30s") throws -> Setup {
        let dir = try temporaryDirectory()
        let machines = dir.appendingPathComponent("machines")
        try FileManager.default.createDirectory(at: machines, withIntermediateDirectories: true)
        let cli = dir.appendingPathComponent("cli").path
        try Self.cli.write(toFile: cli, atomically: true, encoding: .utf8)
        chmod(cli, 0o755)
        let find = withFind ? "\n      find: [\"\(cli)\", \"find\", \"{attempt}\"]" : ""
        try """
            providers:
              - name: cmd
                kind: depin
                region: eu
                endpoint: \(health)
                provision:
                  adapter: command
                  create: ["\(cli)", "create", "{attempt}"]
                  id: { pointer: /id }
                  status: ["\(cli)", "status", "{id}"]
                  state: { pointer: /state }
                  destroy: ["\(cli)", "destroy", "{id}"]\(find)
                  health_url: \(health)
                  poll_interval: 100ms
                  deadline: \(deadline)
                  destroy_timeout: 10s
            """.write(to: dir.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        return Setup(dir: dir, machines: machines, db: dir.appendingPathComponent("p.db"))
    }

    func liveMachines(_ setup: Setup) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: setup.machines.path)) ?? []).filter { $0.hasPrefix("m-") }
    }

    /// Whether `phase` has begun, from what it leaves behind.
    func reached(_ phase: Phase, _ setup: Setup) -> Bool {
        let row = (try? sqliteRows(setup.db, """
            select attempt_key is not null, resource_id is not null, running_ns is not null, teardown_requested_ns is not null
            from provisions
            """))?.first ?? []
        guard row.count == 4 else { return false }
        switch phase {
        case .createBeforeMachine: return row[0] == "1"
        case .createAfterMachine: return !liveMachines(setup).isEmpty
        case .status: return row[1] == "1"
        case .health: return row[2] == "1"
        case .destroy: return FileManager.default.fileExists(atPath: setup.dir.appendingPathComponent("destroying").path)
        }
    }

    @Test(arguments: Phase.allCases, [SIGINT, SIGKILL])
    func anInterruptAtEveryPhaseLeavesNoMachine(phase: Phase, signal: Int32) async throws {
        // The health phase needs a URL that never answers; the destroy phase one that does.
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(
            yaml: "providers:\n  - { name: vm, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 } }\n", source: "fleet"))
        defer { Task { await fleet.stop() } }
        let health = phase == .health ? "http://127.0.0.1:1/health" : fleet.endpoints[0].url
        let setup = try setUp(health: health)
        let running = try SondeBinary.start(["provision", "run", "-c", "c.yaml", "--db", "p.db"], in: setup.dir)
        let deadline = ContinuousClock.now + .seconds(30)
        while !reached(phase, setup) {
            try #require(ContinuousClock.now < deadline, "phase \(phase) never began")
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(running.process.processIdentifier, signal)
        let result = await running.finished()
        if signal == SIGINT {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("0 leaked, 0 possibly_leaked"), "\(result.stderr)")
        } else {
            let cleanup = try await SondeBinary.run(["provision", "cleanup", "--db", "p.db"], in: setup.dir, timeout: .seconds(60))
            #expect(cleanup.status == 0, "\(cleanup.stderr)")
        }
        #expect(liveMachines(setup).isEmpty, "\(phase) SIG\(signal): machines left: \(liveMachines(setup))")
        // The stored attempt agrees: finished, not leaked, and torn down when it has an id.
        let rows = try sqliteRows(setup.db, """
            select coalesce(outcome, 'NULL'), resource_id is null or torn_down_ns is not null, leaked, possibly_leaked from provisions
            """)
        #expect(rows.count == 1 && rows[0][0] != "NULL" && rows[0][1] == "1" && rows[0][2] == "0" && rows[0][3] == "0", "\(rows)")
        if phase != .createBeforeMachine {
            // The machine existed by then: the record must name it.
            #expect(try sqliteRows(setup.db, "select resource_id is not null from provisions") == [["1"]])
        }
    }

    @Test func aCreateThatDiesAfterMakingTheMachineIsFoundAndDestroyed() async throws {
        let setup = try setUp(health: "http://127.0.0.1:1/health")
        let result = try await SondeBinary.run(["provision", "run", "-c", "c.yaml", "--db", "p.db"], in: setup.dir,
                                               environment: ["FAULT": "die"], timeout: .seconds(60))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(liveMachines(setup).isEmpty)
        let rows = try sqliteRows(setup.db, "select outcome, resource_id is not null, torn_down_ns is not null, leaked from provisions")
        #expect(rows == [["failed", "1", "1", "0"]], "\(result.stderr)")
    }

    @Test func garbageFromCreateIsAProtocolFailureAndTheMachineIsFound() async throws {
        let setup = try setUp(health: "http://127.0.0.1:1/health")
        let result = try await SondeBinary.run(["provision", "run", "-c", "c.yaml", "--db", "p.db"], in: setup.dir,
                                               environment: ["FAULT": "garbage"], timeout: .seconds(60))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(liveMachines(setup).isEmpty)
        let rows = try sqliteRows(setup.db, "select outcome, error_class, torn_down_ns is not null from provisions")
        #expect(rows == [["failed", "protocol", "1"]], "\(result.stderr)")
    }

    @Test func aHungCreateWithoutFindIsPossiblyLeakedAndSaysSo() async throws {
        // The deadline kills the hung create; without find, sonde cannot know whether it made a machine.
        let setup = try setUp(health: "http://127.0.0.1:1/health", withFind: false, deadline: "2s")
        let result = try await SondeBinary.run(["provision", "run", "-c", "c.yaml", "--db", "p.db"], in: setup.dir,
                                               environment: ["FAULT": "hang"], timeout: .seconds(60))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("1 possibly_leaked") && result.stderr.contains("POSSIBLY LEAKED"), "\(result.stderr)")
        let rows = try sqliteRows(setup.db, "select outcome, possibly_leaked, attempt_key is not null from provisions")
        #expect(rows == [["timeout", "1", "1"]])
        // cleanup cannot settle it either, and says so (exit 74) instead of "no machines left behind".
        let cleanup = try await SondeBinary.run(["provision", "cleanup", "--db", "p.db"], in: setup.dir, timeout: .seconds(60))
        #expect(cleanup.status == 74 && cleanup.stderr.contains("POSSIBLY LEAKED"), "\(cleanup.stderr)")
    }
}

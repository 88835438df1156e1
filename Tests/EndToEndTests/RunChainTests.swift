import Foundation
import Testing
import SondeCore
import SondeEmulator

/// `sonde run` chains provisioning into the probes: the machine is provisioned first, the probes
/// measure its reachable endpoint (not the placeholder in the configuration), then it is destroyed.
@Suite(.serialized) struct RunChainTests {
    @Test func probesMeasureTheProvisionedMachineThenItIsDestroyed() async throws {
        let dir = try temporaryDirectory()
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(
            yaml: "providers:\n  - { name: machine, kind: depin, region: r, latency: { median: 2ms, sigma: 0.1 } }\n", source: "t"))
        let machine = URL(string: fleet.endpoints[0].url)!
        // A provider CLI that "creates" a machine whose address is the emulated server.
        let script = """
            #!/bin/sh
            dir="$(dirname "$0")"
            case "$1" in
            create) touch "$dir/m-1"; echo '{"id": "m-1"}' ;;
            status) echo '{"state": "running", "ip": "\(machine.host!):\(machine.port!)"}' ;;
            destroy) rm "$dir/$2" ;;
            esac
            """
        let cli = dir.appendingPathComponent("gpu-cli").path
        try script.write(toFile: cli, atomically: true, encoding: .utf8)
        chmod(cli, 0o755)
        let config = """
            providers:
              - name: gpu
                kind: depin
                endpoint: http://127.0.0.1:1/health
                provision:
                  adapter: command
                  create: [\(cli), create]
                  id: { pointer: /id }
                  status: [\(cli), status, "{id}"]
                  state: { pointer: /state }
                  endpoint: { pointer: /ip }
                  destroy: [\(cli), destroy, "{id}"]
                  health_url: "http://{endpoint}/health"
                  poll_interval: 50ms
                  deadline: 10s
            probes:
              latency: { interval: 20ms, samples: 20, timeout: 2s }
            """
        try config.write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let run = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "c.db"], in: dir, timeout: .seconds(60))
        await fleet.stop()
        #expect(run.status == 0, "\(run.stderr)")
        let report = try await SondeBinary.run(["report", "--db", "c.db", "--format", "md"], in: dir)
        // All 20 attempts reached the machine; the placeholder port 1 would have refused every one.
        #expect(report.stdout.contains("| gpu | depin |  | 20 | 0 |"), "\(report.stdout)")
        #expect(report.stdout.contains("| gpu | 1 | 1 | 100.0% | ready 1 | 0 |"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m-1").path), "the machine was not destroyed")
    }
}

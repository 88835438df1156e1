import Foundation
import Testing

/// Bad input gets one line on stderr, its documented exit code, and never a database.
@Suite(.serialized) struct BadInputTests {
    static let cases: [(name: String, config: String?, db: String, status: Int32, message: String)] = [
        ("missing config", nil, "x.db", 66, "configuration sonde.yaml does not exist"),
        ("malformed YAML", "providers: [\n", "x.db", 64, "sonde.yaml:2: malformed YAML"),
        ("unknown probe kind", "providers:\n  - {name: a, kind: depin, endpoint: 'http://127.0.0.1:9/'}\nprobes:\n  ping: {}\n",
         "x.db", 64, "sonde.yaml:4: probes.ping: unknown probe kind"),
        ("heartbeat rule below one failure", "providers:\n  - {name: a, kind: depin, endpoint: 'http://127.0.0.1:9/'}\nprobes:\n  availability: {failures_to_interrupt: 0}\n",
         "x.db", 64, "sonde.yaml:4: probes.availability.failures_to_interrupt: 0 is out of range 1...10000"),
        ("zero load rate", "providers:\n  - {name: a, kind: depin, endpoint: 'http://127.0.0.1:9/'}\nprobes:\n  load:\n    rate: 0/s\n",
         "x.db", 64, "sonde.yaml:5: probes.load.rate: must be greater than zero, got '0/s'"),
        ("negative load rate", "providers:\n  - {name: a, kind: depin, endpoint: 'http://127.0.0.1:9/'}\nprobes:\n  load: {rate: -5/s}\n",
         "x.db", 64, "sonde.yaml:4: probes.load.rate: must be greater than zero, got '-5/s'"),
        ("unparsable load duration", "providers:\n  - {name: a, kind: depin, endpoint: 'http://127.0.0.1:9/'}\nprobes:\n  load:\n    duration: 30 seconds\n",
         "x.db", 64, "sonde.yaml:5: probes.load.duration: '30 seconds' is not a duration"),
        ("connections above the open-file limit", "providers:\n  - {name: a, kind: depin, endpoint: 'http://127.0.0.1:9/'}\n  - {name: b, kind: depin, endpoint: 'http://127.0.0.1:9/'}\n  - {name: c, kind: depin, endpoint: 'http://127.0.0.1:9/'}\nprobes:\n  load:\n    connections: 1000000\n",
         "x.db", 64, "sonde.yaml:7: probes.load.connections: 1000000 connections × 3 providers exceed the open-file limit"),
        ("non-http URL", "providers:\n  - {name: a, kind: depin, endpoint: 'gopher://127.0.0.1/'}\n",
         "x.db", 64, "sonde.yaml:2: providers[0].endpoint: 'gopher://127.0.0.1/' must be an http(s) URL"),
        ("unset secret", "providers:\n  - {name: a, kind: depin, endpoint: 'http://127.0.0.1:9/?k=${SONDE_TEST_UNSET_VAR}'}\n",
         "x.db", 64, "providers[0].endpoint: environment variable SONDE_TEST_UNSET_VAR is not set"),
        ("unwritable database", "providers:\n  - {name: a, kind: depin, endpoint: 'http://127.0.0.1:9/'}\n",
         "/proc/sonde/x.db", 74, "cannot use database /proc/sonde/x.db"),
    ]

    @Test(arguments: 0..<cases.count)
    func rejectsWithOneLineAndItsExitCode(index: Int) async throws {
        let item = Self.cases[index]
        let dir = try temporaryDirectory()
        if let config = item.config {
            try config.write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        }
        let result = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", item.db, "--duration", "1s"], in: dir)
        #expect(result.status == item.status, "\(item.name): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(item.name): \(result.stderr)")
        #expect(result.stderr.hasPrefix("sonde: "), "\(item.name)")
        #expect(result.stderr.contains(item.message), "\(item.name): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.db").path), "\(item.name) left a database")
    }

    @Test func reportOnAMissingDatabaseIsNoInput() async throws {
        let dir = try temporaryDirectory()
        let result = try await SondeBinary.run(["report", "--db", "absent.db"], in: dir)
        #expect(result.status == 66)
        #expect(result.stderr == "sonde: database absent.db does not exist\n")
    }

    @Test func badDurationIsUsage() async throws {
        let dir = try temporaryDirectory()
        try "providers:\n  - {name: a, kind: depin, endpoint: 'http://127.0.0.1:9/'}\n"
            .write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let result = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--duration", "soon"], in: dir)
        #expect(result.status == 64)
        #expect(result.stderr == "sonde: --duration: 'soon' is not a duration (use e.g. 90s, 10m, 2h)\n")
    }
}

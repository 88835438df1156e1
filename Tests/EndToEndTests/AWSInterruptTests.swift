import Foundation
import Testing
import SondeCore

/// Issue 22's leak, reproduced against moto and shown gone: an interrupt that lands after EC2
/// made the instance but before run-instances' answer reached sonde. A wrapper in front of the
/// real aws CLI holds the answer back 2 s and leaves a marker once EC2 has answered, so the
/// signal lands in that window every time. Before the fix sonde killed the create and stored
/// `cancelled` with no id while the instance kept running.
@Suite(.serialized, .enabled(if: !MotoServer.skipped, "moto_server/aws CLI unavailable (see the SKIPPED banner)"))
struct AWSInterruptTests {
    func prepare(moto: MotoServer) throws -> (dir: URL, environment: [String: String]) {
        let dir = try temporaryDirectory()
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let real = try #require((ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/aws" }.first { FileManager.default.isExecutableFile(atPath: $0) })
        let wrapper = """
            #!/bin/sh
            out=$("\(real)" "$@"); rc=$?
            case " $* " in *" run-instances "*) touch "\(dir.path)/answered"; sleep 2 ;; esac
            printf '%s\\n' "$out"
            exit $rc
            """
        try wrapper.write(to: bin.appendingPathComponent("aws"), atomically: true, encoding: .utf8)
        chmod(bin.appendingPathComponent("aws").path, 0o755)
        try """
            providers:
              - name: ec2-test
                kind: centralized
                region: us-east-1
                endpoint: http://127.0.0.1:1/health
                provision:
                  adapter: aws-ec2
                  image: ami-12c6146b
                  instance_type: t2.micro
                  region: us-east-1
                  endpoint_url: \(moto.url)
                  poll_interval: 200ms
                  deadline: 60s
                  destroy_timeout: 30s
            """.write(to: dir.appendingPathComponent("ec2.yaml"), atomically: true, encoding: .utf8)
        var environment = MotoServer.environment
        environment["PATH"] = "\(bin.path):" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        return (dir, environment)
    }

    /// Starts `sonde provision run` and sends `signal` once EC2 has answered run-instances.
    func interruptAfterEC2Answered(_ signal: Int32, dir: URL, environment: [String: String]) async throws -> SondeBinary.Result {
        let running = try SondeBinary.start(["provision", "run", "-c", "ec2.yaml", "--db", "p.db"], in: dir, environment: environment)
        let deadline = ContinuousClock.now + .seconds(60)
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("answered").path) {
            try #require(ContinuousClock.now < deadline, "run-instances never answered")
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(running.process.processIdentifier, signal)
        return await running.finished()
    }

    func live(_ moto: MotoServer) async throws -> [(id: String, state: String)] {
        try await moto.instances().filter { $0.state == "pending" || $0.state == "running" }
    }

    /// Both signals against one moto server (starting moto costs seconds on a loaded machine).
    @Test func anInterruptDuringRunInstancesLeavesNoInstance() async throws {
        let moto = try await MotoServer()
        defer { moto.stop() }

        // SIGINT: sonde waits for the held-back id and terminates the instance itself, without cleanup.
        let (dir, environment) = try prepare(moto: moto)
        let result = try await interruptAfterEC2Answered(SIGINT, dir: dir, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("1 attempts, 0 ready, 0 leaked, 0 possibly_leaked"), "\(result.stderr)")
        #expect(try await live(moto).isEmpty)
        let rows = try sqliteRows(dir.appendingPathComponent("p.db"),
                                  "select outcome, resource_id is not null, torn_down_ns is not null, leaked, attempt_key is not null from provisions")
        #expect(rows == [["cancelled", "1", "1", "0", "1"]], "\(result.stderr)")

        // SIGKILL: only the identity was stored; cleanup finds the instance by its attempt tag.
        let (killed, killedEnvironment) = try prepare(moto: moto)
        _ = try await interruptAfterEC2Answered(SIGKILL, dir: killed, environment: killedEnvironment)
        let db = killed.appendingPathComponent("p.db")
        #expect(try sqliteRows(db, "select resource_id is null, attempt_key is not null from provisions") == [["1", "1"]])
        let cleanup = try await SondeBinary.run(["provision", "cleanup", "--db", "p.db"], in: killed,
                                                environment: MotoServer.environment, timeout: .seconds(90))
        #expect(cleanup.status == 0, "\(cleanup.stderr)")
        #expect(cleanup.stderr.contains("destroyed ec2-test attempt 1 id i-"), "\(cleanup.stderr)")
        #expect(try await live(moto).isEmpty)
        let after = try sqliteRows(db, "select outcome, resource_id is not null, torn_down_ns is not null, leaked, possibly_leaked from provisions")
        #expect(after == [["cancelled", "1", "1", "0", "0"]])
    }
}

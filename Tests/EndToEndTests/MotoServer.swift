import Foundation
import SondeTestSupport

/// A real EC2 API on loopback: PyPI's `moto_server` on a free 127.0.0.1 port, with dummy
/// credentials, for the aws-ec2 provisioner tests. `scripts/install-deps.sh --pip` installs
/// moto and the aws CLI on demand.
final class MotoServer: @unchecked Sendable {
    let port: Int
    let process: Process
    var url: String { "http://127.0.0.1:\(port)" }

    /// Dummy credentials only: the aws CLI must never find real ones in a test.
    static let environment: [String: String] = [
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_CONFIG_FILE": "/nonexistent", "AWS_PAGER": "",
    ]

    /// Why the tools are unavailable, or nil when `moto_server` and `aws` are on the PATH (after
    /// trying to install them).
    static let unavailable: String? = {
        func onPath(_ name: String) -> Bool {
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
                .contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
        }
        if !onPath("moto_server") || !onPath("aws") {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let install = Process()
            install.executableURL = URL(fileURLWithPath: "/bin/bash")
            install.arguments = [root.appendingPathComponent("scripts/install-deps.sh").path, "--pip", "moto[server]", "awscli"]
            try? install.run()
            install.waitUntilExit()
        }
        guard onPath("moto_server"), onPath("aws") else {
            let message = "SKIPPED LOUDLY: moto_server or aws not on PATH and `scripts/install-deps.sh --pip 'moto[server]' awscli` "
                + "could not install them: the aws-ec2 provisioner was NOT tested"
            print(String(repeating: "*", count: 72) + "\n" + message + "\n" + String(repeating: "*", count: 72))
            return message
        }
        return nil
    }()

    /// Whether the moto suites are skipped: the tools are missing and this is not CI. With
    /// CI=true a missing peer fails the tests (MotoServer.init throws) instead of skipping them.
    static let skipped: Bool = unavailable != nil && ProcessInfo.processInfo.environment["CI"] != "true"

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    init() async throws {
        if let unavailable = Self.unavailable { throw Unavailable(description: "CI=true: \(unavailable)") }
        port = Int(try TestProcess.freeLoopbackPort())
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["moto_server", "-H", "127.0.0.1", "-p", "\(port)"]
        process.environment = ProcessInfo.processInfo.environment.merging(Self.environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(20)
        while !Self.accepts(port: port) {
            guard ContinuousClock.now < deadline, process.isRunning else { throw StartFailed(port: port) }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    struct StartFailed: Error, CustomStringConvertible {
        var port: Int
        var description: String { "moto_server did not listen on 127.0.0.1:\(port) within 20 s" }
    }

    /// SIGKILL: moto's server ignores SIGTERM. Not waited for: Foundation reaps the child itself,
    /// and waiting here would block a Swift concurrency thread.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
    }

    /// Instance ids and states as the EC2 API reports them.
    func instances() async throws -> [(id: String, state: String)] {
        let output = try await Self.tool(["aws", "--endpoint-url", url, "--region", "us-east-1", "--output", "text", "ec2",
                                          "describe-instances", "--query", "Reservations[].Instances[].[InstanceId,State.Name]"])
        return output.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t")
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
    }

    /// Runs a tool with the dummy credentials on a plain thread; returns its standard output.
    static func tool(_ argv: [String]) async throws -> String {
        try await TestProcess.runOffThread("/usr/bin/env", argv, environment: environment, standardError: .discarded).output
    }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Running the peers that check exports (python3 with jsonschema/hdrhistogram/prometheus_client,
/// java, promtool, prometheus-pushgateway, curl), installed by scripts/install-deps.sh.
enum ExternalTool {
    /// What a finished program printed (standard output, then standard error) and how it exited.
    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
    }

    /// The repository's root (this file is Tests/SondeReportTests/ExternalTool.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The program's path when it is installed: an absolute path as is, else looked up in PATH.
    static func find(_ program: String) -> String? {
        if program.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether a peer is missing in a way the test must report: under CI=true a missing peer fails
    /// the test; elsewhere the test is skipped for it (a developer machine without the peer).
    static func missing(_ what: String, _ present: Bool) -> Bool {
        guard !present else { return false }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("\(what) is not installed (scripts/install-deps.sh)")
        }
        return true
    }

    /// Whether `python3 -c "import module"` succeeds.
    static func pythonHas(_ module: String) -> Bool {
        guard let python = find("python3") else { return false }
        return (try? run(python, ["-c", "import \(module)"]).status) == 0
    }

    /// Runs `program` to completion with `input` on its standard input.
    static func run(_ program: String, _ arguments: [String], input: [UInt8]? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Drain both pipes on their own threads so a chatty peer never blocks on a full pipe.
        let out = Box(), err = Box()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { out.data = stdout.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { err.data = stderr.fileHandleForReading.readDataToEndOfFile() }
        if let input { stdin.fileHandleForWriting.write(Data(input)) }
        try stdin.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: out.data, as: UTF8.self),
                       errors: String(decoding: err.data, as: UTF8.self))
    }

    /// One pipe's bytes, written by its reader thread and read after `group.wait()`.
    private final class Box: @unchecked Sendable {
        var data = Data()
    }

    /// A fresh temporary file path with `name`.
    static func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// A 127.0.0.1 port the OS just handed out (bound to port 0, read back, closed); the caller
    /// binds it a moment later.
    static func freeLoopbackPort() throws -> UInt16 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return UInt16(bigEndian: address.sin_port)
    }
}

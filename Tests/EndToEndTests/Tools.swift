import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Running helper programs (promtool, sqlite3, curl, aws, python) and picking loopback ports,
/// shared by the end-to-end tests.
enum Tools {
    /// What a finished program printed and how it exited.
    struct Outcome {
        var status: Int32
        var output: String
    }

    /// Runs `program` to completion, feeding it `input`, with `environment` added to this
    /// process's; standard error joins the output unless `keepStderr` is false (then it is
    /// discarded). Blocks: call it from a plain thread, or via `runOffThread` from async code.
    static func run(_ program: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:],
                    keepStderr: Bool = true) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let stdin = Pipe()
        let output = Pipe()
        process.standardInput = stdin
        process.standardOutput = output
        process.standardError = keepStderr ? output : FileHandle.nullDevice
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// `run` on its own thread, so a slow program never holds one of Swift's shared threads
    /// (which the in-process emulator answers on).
    static func runOffThread(_ program: String, _ arguments: [String], input: String? = nil,
                             environment: [String: String] = [:], keepStderr: Bool = true) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try run(program, arguments, input: input, environment: environment, keepStderr: keepStderr)
                })
            }.start()
        }
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

/// Rows of `sql` over the database at `db`, through the sqlite3 CLI.
func sqliteRows(_ db: URL, _ sql: String) throws -> [[String]] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [db.path, sql]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n")
        .map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
}

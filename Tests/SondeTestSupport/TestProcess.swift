import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Running helper programs (peers such as promtool, sqlite3, curl, aws, python, java) and picking
/// loopback ports: one copy shared by every test target that needs them.
public enum TestProcess {
    /// What a finished program printed and how it exited.
    public struct Outcome: Sendable {
        public var status: Int32
        /// Standard output, followed by standard error when `StandardError.merged`.
        public var output: String
        /// Standard error when `StandardError.separate`; empty otherwise.
        public var errors: String
    }

    /// Where a program's standard error goes.
    public enum StandardError: Sendable {
        /// Into `output`, interleaved as written.
        case merged
        /// Into `errors`, read on its own thread.
        case separate
        /// Discarded.
        case discarded
    }

    /// A program that did not finish within its deadline (it was stopped, and `Hang` says where it was).
    public struct TimedOut: Error, CustomStringConvertible {
        public var command: String
        public var deadline: Duration
        public var diagnosis: String
        public var description: String { "\(command) did not finish within \(deadline)\n\(diagnosis)" }
    }

    /// Runs `program` to completion, feeding it `input`, with `environment` added to this
    /// process's, waiting at most `timeout` (then it is stopped and `TimedOut` thrown: a test
    /// never waits without a deadline). Blocks: call it from a plain thread, or via
    /// `runOffThread` from async code.
    public static func run(_ program: String, _ arguments: [String], input: [UInt8]? = nil,
                           environment: [String: String] = [:], standardError: StandardError = .merged,
                           timeout: Duration = .seconds(300)) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        switch standardError {
        case .merged: process.standardError = stdout
        case .separate: process.standardError = stderr
        case .discarded: process.standardError = FileHandle.nullDevice
        }
        try process.run()
        // Drain the pipes on their own threads so a chatty program never blocks on a full pipe
        // while its input is still being written.
        let out = Box(), err = Box()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { out.data = stdout.fileHandleForReading.readDataToEndOfFile() }
        if standardError == .separate {
            DispatchQueue.global().async(group: group) { err.data = stderr.fileHandleForReading.readDataToEndOfFile() }
        }
        // The deadline covers writing the input too: a program that never reads it would block us.
        let exited = DispatchSemaphore(value: 0)
        Thread {
            if let input { try? stdin.fileHandleForWriting.write(contentsOf: Data(input)) }
            try? stdin.fileHandleForWriting.close()
            process.waitUntilExit()
            exited.signal()
        }.start()
        if exited.wait(timeout: .now() + Double(timeout.components.seconds)) == .timedOut {
            let diagnosis = program.hasSuffix("gdb") ? "" : Hang.describe(pid: process.processIdentifier)
            Hang.stop(pid: process.processIdentifier)
            _ = exited.wait(timeout: .now() + 15)
            throw TimedOut(command: ([program] + arguments).joined(separator: " "), deadline: timeout, diagnosis: diagnosis)
        }
        // A program that started a server (pg_ctl) and left it holding our pipe would keep the
        // output open after its exit: give the readers 10 s, then keep what they have.
        if group.wait(timeout: .now() + 10) == .timedOut {
            throw TimedOut(command: ([program] + arguments).joined(separator: " ") + " (its output pipe stayed open after it exited)",
                           deadline: timeout, diagnosis: "")
        }
        return Outcome(status: process.terminationStatus, output: String(decoding: out.data, as: UTF8.self),
                       errors: String(decoding: err.data, as: UTF8.self))
    }

    /// `run` with text input.
    public static func run(_ program: String, _ arguments: [String], input: String?, environment: [String: String] = [:],
                           standardError: StandardError = .merged, timeout: Duration = .seconds(300)) throws -> Outcome {
        try run(program, arguments, input: input.map { Array($0.utf8) }, environment: environment, standardError: standardError,
                timeout: timeout)
    }

    /// `run` on its own thread, so a slow program never holds one of Swift's shared threads
    /// (which an in-process emulator answers on).
    public static func runOffThread(_ program: String, _ arguments: [String], input: String? = nil,
                                    environment: [String: String] = [:],
                                    standardError: StandardError = .merged,
                                    timeout: Duration = .seconds(300)) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try run(program, arguments, input: input, environment: environment, standardError: standardError,
                            timeout: timeout)
                })
            }.start()
        }
    }

    /// The program's path when it is installed: an absolute path as is, else looked up in PATH.
    public static func find(_ program: String) -> String? {
        if program.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A 127.0.0.1 port the OS just handed out (bound to port 0, read back, closed); the caller
    /// binds it a moment later.
    public static func freeLoopbackPort() throws -> UInt16 {
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

    /// One pipe's bytes, written by its reader thread and read after `group.wait()`.
    private final class Box: @unchecked Sendable {
        var data = Data()
    }
}

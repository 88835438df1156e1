import Foundation
import SondeCore
import SondeTestSupport
import Testing

/// Runs the built `sonde` binary (`make test` builds it first; SONDE_BINARY overrides the path).
struct SondeBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let path: String = {
        if let override = ProcessInfo.processInfo.environment["SONDE_BINARY"] { return override }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/sonde").path
    }()

    /// Runs sonde with `arguments` and waits, at most `timeout`, for it to exit (`Running.finished`
    /// says what happens then). The waiting happens on a plain thread: an emulator in this process
    /// answers on Swift's shared threads, and a test blocking one of them would delay its answers.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
                    timeout: Duration = .seconds(120), viaShell: Bool = false) async throws -> Result {
        let process = try start(arguments, in: directory, environment: environment, viaShell: viaShell)
        return await process.finished(within: timeout)
    }

    /// Starts sonde without waiting. With `viaShell`, `arguments[0]` is the program to run instead
    /// (e.g. a shell that sets limits first).
    static func start(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
                      viaShell: Bool = false) throws -> Running {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BinaryMissing(path: path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: viaShell ? arguments[0] : path)
        process.arguments = viaShell ? Array(arguments.dropFirst()) : arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let running = Running(process: process, out: out, err: err, arguments: arguments)
        try process.run()
        running.drain()
        return running
    }

    struct BinaryMissing: Error, CustomStringConvertible {
        var path: String
        var description: String { "no sonde binary at \(path): run `swift build --product sonde` (make test does)" }
    }

    /// A started sonde process whose output is collected as it comes.
    final class Running: @unchecked Sendable {
        let process: Process
        let out: Pipe
        let err: Pipe
        let arguments: [String]
        private let lock = NSLock()
        private var stdout = Data()
        private var stderr = Data()
        private let group = DispatchGroup()

        init(process: Process, out: Pipe, err: Pipe, arguments: [String]) {
            self.process = process
            self.out = out
            self.err = err
            self.arguments = arguments
        }

        func drain() {
            for (pipe, isOut) in [(out, true), (err, false)] {
                group.enter()
                // Plain threads, not Dispatch: blocked Dispatch workers starve Swift's shared
                // threads on Linux for about a second, and the in-process emulator runs there.
                Thread {
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    self.lock.withLock { if isOut { self.stdout = data } else { self.stderr = data } }
                    self.group.leave()
                }.start()
            }
        }

        /// Waits for the exit without blocking a Swift concurrency thread, at most `deadline`
        /// (a test never waits without one: a hung agent once held CI until it was killed after
        /// 90 minutes, with nothing printed to say where). A process still running then is
        /// recorded as a test failure with its threads' stacks (`Hang.describe`), then stopped:
        /// SIGTERM, and SIGKILL 5 s later.
        func finished(within deadline: Duration = .seconds(300)) async -> Result {
            let (result, problems) = await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: self.wait(within: deadline)) }.start()
            }
            // Recorded here, on the test's task, so the failure is the test's.
            for problem in problems { Issue.record(Comment(rawValue: problem)) }
            return result
        }

        /// The exit (or what stopping it left), and what went wrong on the way.
        private func wait(within deadline: Duration) -> (Result, [String]) {
            let command = "sonde " + arguments.joined(separator: " ")
            var problems: [String] = []
            let exited = DispatchSemaphore(value: 0)
            Thread {
                self.process.waitUntilExit()
                exited.signal()
            }.start()
            if exited.wait(timeout: .now() + deadline.seconds) == .timedOut {
                problems.append("\(command) did not finish within \(deadline)\n\(Hang.describe(pid: process.processIdentifier))")
                Hang.stop(pid: process.processIdentifier)
                // Even a missed exit (Foundation never saw it) must not hold the test: give up
                // without the status, which Foundation would refuse to give for a live process.
                if exited.wait(timeout: .now() + 15) == .timedOut {
                    problems.append("\(command): no exit seen 15 s after SIGKILL")
                    return (Result(status: -1, stdout: "", stderr: ""), problems)
                }
            }
            // The exit closes sonde's ends of the pipes; a child it started and left running
            // would hold them open, and the output would never end.
            if group.wait(timeout: .now() + 10) == .timedOut {
                problems.append("\(command) exited but its output pipes stayed open 10 s (a child still running?)")
            }
            let result = lock.withLock {
                Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
            }
            return (result, problems)
        }
    }
}

/// A fresh temporary folder per test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

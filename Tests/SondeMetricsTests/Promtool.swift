import Foundation

/// Runs Debian's `promtool` and `curl` for the metrics tests (scripts/install-deps.sh installs
/// the `prometheus` package). Waiting happens on a plain thread, never a Swift concurrency one.
enum Promtool {
    struct Outcome {
        var status: Int32
        var output: String
    }

    /// `promtool check metrics` on `exposition`.
    static func checkMetrics(_ exposition: String) throws -> Outcome {
        try run("/usr/bin/promtool", ["check", "metrics"], input: exposition)
    }

    /// Response headers and body of a GET (curl -i).
    static func fetch(_ url: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                do {
                    continuation.resume(returning: try run("/usr/bin/curl", ["-sS", "-i", "--max-time", "5", url], input: nil).output)
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }

    static func run(_ program: String, _ arguments: [String], input: String?) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let stdin = Pipe()
        let output = Pipe()
        process.standardInput = stdin
        process.standardOutput = output
        process.standardError = output
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}

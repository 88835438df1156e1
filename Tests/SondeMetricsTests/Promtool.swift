import Foundation
import SondeTestSupport

/// Runs Debian's `promtool` and `curl` for the metrics tests (scripts/install-deps.sh installs
/// the `prometheus` package). Waiting happens on a plain thread, never a Swift concurrency one.
enum Promtool {
    /// `promtool check metrics` on `exposition`.
    static func checkMetrics(_ exposition: String) throws -> TestProcess.Outcome {
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

    static func run(_ program: String, _ arguments: [String], input: String?) throws -> TestProcess.Outcome {
        try TestProcess.run(program, arguments, input: input)
    }
}

import Foundation
import SondeTestSupport
import Testing

/// Running the peers that check exports (python3 with jsonschema/hdrhistogram/prometheus_client,
/// java, promtool, prometheus-pushgateway, curl), installed by scripts/install-deps.sh.
enum ExternalTool {
    /// The repository's root (this file is Tests/SondeReportTests/ExternalTool.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The program's path when it is installed: an absolute path as is, else looked up in PATH.
    static func find(_ program: String) -> String? { TestProcess.find(program) }

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

    /// Runs `program` to completion with `input` on its standard input; standard error apart.
    static func run(_ program: String, _ arguments: [String], input: [UInt8]? = nil) throws -> TestProcess.Outcome {
        try TestProcess.run(program, arguments, input: input, standardError: .separate)
    }

    /// A fresh temporary file path with `name`.
    static func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}

import Foundation
import Testing

/// The examples under docs/deploy/ only use flags that `sonde run` and `sonde schedule` have, so
/// a renamed flag cannot leave them silently broken.
struct DeployExamplesTests {
    static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/deploy")

    /// The flags after each `sonde run`/`sonde schedule` (or each `args:` list) in `text`.
    static func invocations(in text: String) -> [(command: String, flags: [String])] {
        let flat = text.replacingOccurrences(of: "\\\n", with: " ").replacingOccurrences(of: "\"", with: " ")
            .replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: "[", with: " ")
        var found: [(String, [String])] = []
        for line in flat.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard let at = words.firstIndex(where: { $0 == "run" || $0 == "schedule" }),
                  at > 0, words[at - 1].hasSuffix("sonde") || words[at - 1] == "args:" else { continue }
            let flags = words[(at + 1)...].filter { $0.hasPrefix("-") && !$0.hasPrefix("-t") && $0 != "-n" }
            found.append((words[at], flags))
        }
        return found
    }

    @Test func everyFlagInTheDeployExamplesExists() async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.deploy.path).filter { !$0.hasSuffix(".md") }
        var help: [String: String] = [:]
        for command in ["run", "schedule"] {
            help[command] = try await SondeBinary.run([command, "--help"]).stdout
        }
        var checked = 0
        for file in files {
            let text = try String(contentsOf: Self.deploy.appendingPathComponent(file), encoding: .utf8)
            for invocation in Self.invocations(in: text) {
                for flag in invocation.flags {
                    #expect(help[invocation.command]!.contains(flag), "\(file): sonde \(invocation.command) has no \(flag)")
                    checked += 1
                }
            }
        }
        // Five files with sonde invocations, at least three flags each.
        #expect(checked >= 15, "only \(checked) flags found in \(files)")
    }
}

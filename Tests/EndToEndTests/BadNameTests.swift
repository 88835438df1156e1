import Foundation
import Testing

/// The bad-name corpus (issue 22): names with NUL, other control and format characters, a
/// right-to-left override, 10 MB, or equal to another after NFC are rejected at load with exit
/// 64 and file:line:field (or the flag), before any run starts; `merge` rejects a database
/// holding such a name with exit 65, naming the database, and merges nothing.
@Suite(.serialized) struct BadNameTests {
    static func provider(_ name: String) -> String { "  - {name: \"\(name)\", kind: depin, endpoint: 'http://127.0.0.1:9/'}\n" }

    static let configCases: [(name: String, config: String, message: String)] = [
        ("NUL", "providers:\n" + provider("ok") + provider("a\\0b") + provider("a\\0c"),
         #"sonde.yaml:3: providers[1].name: contains U+0000 (Cc, control), which a name may not hold: 'a\u{0}b'"#),
        ("escape", "providers:\n" + provider("red\\e[31m"), "sonde.yaml:2: providers[0].name: contains U+001B (Cc, control)"),
        ("zero-width space", "providers:\n" + provider("gpu\\u200B"), "sonde.yaml:2: providers[0].name: contains U+200B (Cf, format)"),
        ("right-to-left override", "providers:\n" + provider("akash\\u202Eue"),
         "sonde.yaml:2: providers[0].name: contains U+202E (Cf, format)"),
        ("region with a line separator", "providers:\n  - {name: a, kind: depin, region: \"eu\\u2028\", endpoint: 'http://127.0.0.1:9/'}\n",
         "sonde.yaml:2: providers[0].region: contains U+2028 (Zl, line separator)"),
        ("equal after NFC", "providers:\n" + provider("caf\\u00E9") + provider("cafe\\u0301"),
         "sonde.yaml:3: providers[1].name: is not in Unicode NFC"),
        ("10 MB", "providers:\n" + provider(String(repeating: "x", count: 10_000_000)),
         "sonde.yaml:2: providers[0].name: is longer than 128 Unicode scalars (10000000)"),
    ]

    @Test(arguments: 0..<configCases.count)
    func aBadNameInTheConfigurationStopsTheRunBeforeItStarts(index: Int) async throws {
        let item = Self.configCases[index]
        let dir = try temporaryDirectory()
        try item.config.write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        for command in [["run", "-c", "sonde.yaml"], ["provision", "run", "-c", "sonde.yaml"]] {
            let result = try await SondeBinary.run(command + ["--db", "x.db"], in: dir)
            #expect(result.status == 64, "\(item.name): \(result.stderr.prefix(300))")
            #expect(result.stderr.contains(item.message), "\(item.name): \(result.stderr.prefix(300))")
            // One short line: a 10 MB name is never echoed whole.
            #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.utf8.count < 400, "\(item.name)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.db").path), "\(item.name): a run started")
        }
    }

    static let flagCases: [(arguments: [String], message: String)] = [
        (["run", "-c", "sonde.yaml", "--label", "nightly\u{202E}"], "--label: contains U+202E (Cf, format)"),
        (["run", "-c", "sonde.yaml", "--vantage", String(repeating: "v", count: 129)], "--vantage: is longer than 128 Unicode scalars"),
        (["provision", "run", "-c", "sonde.yaml", "--label", "a\u{1B}b"], "--label: contains U+001B (Cc, control)"),
        (["schedule", "-c", "sonde.yaml", "--every", "1m", "--label", "run-{n}\u{2029}"], "--label: contains U+2029 (Zp, paragraph separator)"),
        (["schedule", "-c", "sonde.yaml", "--every", "1m", "--vantage", "cafe\u{301}"], "--vantage: is not in Unicode NFC"),
        (["import", "--format", "hey", "--provider", "cafe\u{301}", "--kind", "depin", "r.csv"], "--provider: is not in Unicode NFC"),
        (["import", "--format", "hey", "--provider", "gpu", "--kind", "depin", "--region", "eu\u{202E}", "r.csv"],
         "--region: contains U+202E (Cf, format)"),
    ]

    @Test(arguments: 0..<flagCases.count)
    func aBadNameInAFlagIsAUsageErrorNamingTheFlag(index: Int) async throws {
        let item = Self.flagCases[index]
        let dir = try temporaryDirectory()
        try ("providers:\n" + Self.provider("ok")).write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let result = try await SondeBinary.run(item.arguments + ["--db", "x.db"], in: dir)
        #expect(result.status == 64, "\(item.arguments): \(result.stderr)")
        #expect(result.stderr.contains(item.message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.db").path), "a run started")
    }

    @Test func mergeRejectsADatabaseHoldingABadName() async throws {
        let dir = try temporaryDirectory()
        try ("providers:\n  - {name: ok, kind: depin, endpoint: 'http://127.0.0.1:9/', samples: 1}\n")
            .write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let run = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "in.db"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        // A name written by another tool (or an older sonde) with a NUL inside.
        _ = try sqliteRows(dir.appendingPathComponent("in.db"), "update providers set name = 'a' || char(0) || 'b'")
        let merge = try await SondeBinary.run(["merge", "out.db", "in.db"], in: dir)
        #expect(merge.status == 65, "\(merge.stderr)")
        #expect(merge.stderr.contains(#"database in.db: providers.name contains U+0000 (Cc, control), which a name may not hold: 'a\u{0}b'"#),
                "\(merge.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.db").path), "merged anyway")
    }
}

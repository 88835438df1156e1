import Foundation
import Testing
import SondeCore
import SondeStore

/// `sonde runs` and the streamed `sonde report --format samples`, on a database written
/// through the store (no probes needed: these commands only read).
@Suite struct RunsCommandTests {
    static let day: Int64 = 86_400_000_000_000

    /// Three runs (started 2 days, 1 day and 0 days plus a minute ago), two providers, one with a name that needs CSV quoting.
    static func database() throws -> (URL, [String]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-runs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try SampleStore(path: dir.appendingPathComponent("sonde.db").path)
        let providers = try [Provider(name: "cloud", kind: .centralized, region: "us", endpoint: "http://a/"),
                             Provider(name: "=odd,\"name\"", kind: .depin, region: "eu", endpoint: "http://b/")]
            .map { try store.providerID(for: $0) }
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        var ids: [String] = []
        for (index, label) in ["old", "nightly", "nightly"].enumerated() {
            let info = RunInfo(id: UUID().uuidString.lowercased(), startedNs: now - Int64(2 - index) * day - 60_000_000_000,
                               label: label, vantage: index == 1 ? "tokyo" : "berlin", host: "h", sondeVersion: "t",
                               configHash: "c", configText: "")
            let writer = try store.makeWriter(runRowID: try store.beginRun(info))
            for provider in providers {
                for sequence in 0..<(100 * (index + 1)) {
                    let failed = sequence % 9 == 4
                    writer.record(Sample(providerID: provider, probe: .latency, sequence: Int64(sequence),
                                         intendedNs: info.startedNs + Int64(sequence) * 1_000_000, startedNs: info.startedNs + Int64(sequence) * 1_000_000 + 7,
                                         dnsUs: 3, connectUs: failed ? nil : 40, ttfbUs: failed ? nil : 300 + Int64(sequence),
                                         totalUs: 350 + Int64(sequence), bytes: failed ? 0 : 512, httpStatus: failed ? nil : 200,
                                         errorClass: failed ? .refused : nil))
                }
            }
            try writer.finish()
            try store.finishRun(info.id, status: .complete, finishedNs: info.startedNs + 1_000)
            ids.append(info.id)
        }
        return (dir, ids)
    }

    @Test func listsFiltersAndFormats() async throws {
        let (dir, ids) = try Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        let table = try await SondeBinary.run(["runs"], in: dir)
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n")
        try #require(lines.count == 4)
        #expect(lines[0].hasPrefix("ID"))
        #expect(lines[1].hasPrefix(ids[2]) && lines[1].hasSuffix("  600"))
        #expect(lines[3].hasPrefix(ids[0]) && lines[3].contains(" old ") && lines[3].hasSuffix("  200"))

        // Runs started 2 days + 1 minute, 1 day + 1 minute and 1 minute ago.
        let recent = try await SondeBinary.run(["runs", "--since", "2d", "--format", "csv"], in: dir)
        #expect(recent.status == 0, "\(recent.stderr)")
        let rows = recent.stdout.split(separator: "\n")
        try #require(rows.count == 3)
        #expect(rows[1].hasPrefix(ids[2] + ",") && rows[2].hasPrefix(ids[1] + ","))
        #expect(rows[2].hasSuffix(",tokyo,h,2,400,latency=400"))

        let json = try await SondeBinary.run(["runs", "--labels", "night*", "--vantage", "berlin", "--vantage", "paris", "--format", "json"], in: dir)
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(decoded.map { $0["id"] as? String } == [ids[2]])
        #expect(decoded.first?["samples"] as? Int == 600)

        let window = try await SondeBinary.run(["runs", "--label", "nightly", "--limit", "1", "--format", "csv",
                                                "--from", "2000-01-01", "--to", "2999-01-01T00:00:00Z"], in: dir)
        #expect(window.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(36)) } == [ids[2]])
    }

    @Test func rejectsBadFiltersAndMissingDatabases() async throws {
        let (dir, _) = try Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (arguments, status) in [(["runs", "--since", "a week"], Int32(64)), (["runs", "--from", "yesterday"], 64),
                                    (["runs", "--since", "1d", "--from", "2026-01-01"], 64), (["runs", "--limit", "0"], 64),
                                    (["runs", "--db", "absent.db"], 66)] {
            let result = try await SondeBinary.run(arguments, in: dir)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.isEmpty)
        }
    }

    /// The streamed export writes the same bytes to a file as to stdout, one row per latency
    /// sample, providers in name order and samples in sequence order.
    @Test func samplesExportStreamsEveryRow() async throws {
        let (dir, ids) = try Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        let stdout = try await SondeBinary.run(["report", "--format", "samples", "--run", ids[1]], in: dir)
        #expect(stdout.status == 0, "\(stdout.stderr)")
        let file = try await SondeBinary.run(["report", "--format", "samples", "--run", ids[1], "-o", "out/samples.csv"], in: dir)
        #expect(file.status == 0, "\(file.stderr)")
        let written = try String(contentsOf: dir.appendingPathComponent("out/samples.csv"), encoding: .utf8)
        #expect(written == stdout.stdout)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path) == ["samples.csv"],
                "no temporary file is left behind")
        let lines = written.split(separator: "\n")
        try #require(lines.count == 1 + 2 * 200)
        #expect(lines[0] == "run_id,provider,kind,region,probe,sequence,intended_ns,started_ns,dns_us,connect_us,tls_us,ttfb_us,total_us,bytes,http_status,error_class")
        #expect(lines[1].hasPrefix("\(ids[1]),\"'=odd,\"\"name\"\"\",depin,eu,latency,0,"))
        #expect(lines[201].hasPrefix("\(ids[1]),cloud,centralized,us,latency,0,"))
        #expect(lines[5].hasSuffix(",3,,,,354,0,,refused"))
        #expect(lines[400].contains(",latency,199,"))

        let missing = try await SondeBinary.run(["report", "--format", "samples", "--run", "feedface", "-o", "none.csv"], in: dir)
        #expect(missing.status == 66)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("none.csv").path))
    }
}

import Foundation
import SondeCore
import SondeStore
import Testing

/// `sonde report` reads a run's stored configuration once: an invalid value of a known key is
/// bad data (exit 65, naming the run and the field); a key of a newer sonde is a note.
@Suite struct StoredConfigReportTests {
    static let config = """
        providers:
          - name: cloud
            kind: centralized
            endpoint: http://127.0.0.1:1/
          - name: depin
            kind: depin
            endpoint: http://127.0.0.1:2/
        analysis:
          baseline: cloud
          resamples: 200
        """

    /// A database in a fresh directory holding one small run stored with `configText`.
    static func database(configText: String, id: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-stored-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("runs.db").path
        let store = try SampleStore(path: path)
        let t0: Int64 = 1_764_000_000_000_000_000
        let row = try store.beginRun(RunInfo(id: id, startedNs: t0, label: "stored", vantage: "lab", host: "h", sondeVersion: "0.1.0",
                                             configHash: "x", configText: configText))
        let writer = try store.makeWriter(runRowID: row)
        for (index, name) in ["cloud", "depin"].enumerated() {
            let provider = try store.providerID(for: Provider(name: name, kind: index == 0 ? .centralized : .depin, region: "r",
                                                               endpoint: "http://127.0.0.1:\(index + 1)/"))
            for i in 0..<20 {
                let intended = t0 + Int64(i) * 100_000_000
                writer.record(Sample(providerID: provider, probe: .latency, sequence: Int64(i), intendedNs: intended, startedNs: intended,
                                     ttfbUs: 900, totalUs: 1_000 + Int64((i * 37 * (index * 9 + 1)) % 500), bytes: 64, httpStatus: 200))
            }
        }
        _ = try writer.finish()
        try store.finishRun(id, status: .complete, finishedNs: t0 + 3_000_000_000)
        return path
    }

    @Test func anInvalidStoredValueExits65NamingTheRunAndTheField() async throws {
        let id = "bad0c0f1-0000-4000-8000-000000000016"
        let db = try Self.database(configText: Self.config.replacingOccurrences(of: "resamples: 200", with: "resamples: lots"), id: id)
        let result = try await SondeBinary.run(["report", "--db", db, "--format", "md"])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("run \(id)") && result.stderr.contains("analysis.resamples"), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "nothing rendered from defaults")
    }

    @Test func anUnknownStoredKeyRendersWithANote() async throws {
        let id = "0e1de7a0-0000-4000-8000-000000000016"
        let db = try Self.database(configText: Self.config + "\n  sequential_tests: true\n", id: id)
        for format in ["md", "html", "csv", "json"] {
            let result = try await SondeBinary.run(["report", "--db", db, "--format", format])
            #expect(result.status == 0, "\(format): \(result.stderr)")
            // Markdown escapes the underscore of the key's name (it is text from the configuration).
            let key = format == "md" ? "analysis.sequential\\_tests (line 11)" : "analysis.sequential_tests (line 11)"
            #expect(result.stdout.contains("was configured with keys this sonde") && result.stdout.contains(key), "\(format) carries the note")
        }
    }
}

import Foundation
import Testing
import SondeCore
import SondeEmulator
import SondeStore

/// Several vantage points of one plan, end to end: two agents (two `sonde run --vantage`
/// processes at once, each against its own emulated fleet, so every endpoint differs by port)
/// store one plan into one database; `sonde report` pools them into one comparison whose
/// per-vantage section is in every format; a run of another plan under the same label is refused
/// by `--by-vantage` (exit 64, naming the runs) and leaves the plain selection to the history.
@Suite(.serialized) struct VantageReportTests {
    /// One agent's emulated fleet: the same providers, seen from `vantage` (DePIN farther from Tokyo).
    static func fleet(depinMedian: String) async throws -> EmulatedFleet {
        let spec = try FleetSpec.parse(yaml: """
            providers:
              - { name: cloud, kind: centralized, region: us-east, latency: { median: 8ms, sigma: 0.1 } }
              - { name: depin, kind: depin, region: eu, latency: { median: \(depinMedian), sigma: 0.2 } }
            """, source: "fleet.yaml")
        return try await EmulatedFleet.start(spec)
    }

    static func plan(_ fleet: EmulatedFleet, interval: String = "20ms") -> String {
        fleet.providersYAML() + "\nprobes:\n  latency: { interval: \(interval), samples: 40, timeout: 2s }\n"
    }

    @Test func twoVantagePointsOfOnePlanGiveOneComparisonInEveryFormat() async throws {
        let dir = try temporaryDirectory()
        let berlin = try await Self.fleet(depinMedian: "10ms")
        let tokyo = try await Self.fleet(depinMedian: "120ms")
        try Self.plan(berlin).write(to: dir.appendingPathComponent("berlin.yaml"), atomically: true, encoding: .utf8)
        try Self.plan(tokyo).write(to: dir.appendingPathComponent("tokyo.yaml"), atomically: true, encoding: .utf8)
        // Both agents at once, into one store (as many agents into one shared store).
        async let b = SondeBinary.run(["run", "-c", "berlin.yaml", "--db", "run.db", "--label", "wk49", "--vantage", "berlin"], in: dir)
        async let t = SondeBinary.run(["run", "-c", "tokyo.yaml", "--db", "run.db", "--label", "wk49", "--vantage", "tokyo"], in: dir)
        let (rb, rt) = try await (b, t)
        await berlin.stop()
        await tokyo.stop()
        #expect(rb.status == 0, "\(rb.stderr)")
        #expect(rt.status == 0, "\(rt.stderr)")

        var outputs: [String: String] = [:]
        for format in ["json", "md", "html", "csv"] {
            let result = try await SondeBinary.run(["report", "--db", "run.db", "--labels", "wk49", "--format", format], in: dir)
            #expect(result.status == 0, "\(format): \(result.stderr)")
            outputs[format] = result.stdout
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let document = try decoder.decode(ReportDocument.self, from: Data(try #require(outputs["json"]).utf8))
        let vantages = try #require(document.vantages, "the JSON report has no vantages: not pooled")
        #expect(vantages.runs.map(\.vantage) == ["berlin", "tokyo"])
        #expect(document.run.vantage == "berlin+tokyo")
        #expect(document.providers.map(\.provider.name) == ["cloud", "depin"])
        #expect(document.providers.map(\.attempts) == [80, 80])
        let depinTokyo = try #require(vantages.rows.first { $0.provider == "depin" && $0.vantage == "tokyo" })
        let depinBerlin = try #require(vantages.rows.first { $0.provider == "depin" && $0.vantage == "berlin" })
        #expect(try #require(depinTokyo.p50Us) > 2 * (try #require(depinBerlin.p50Us)), "Tokyo sees DePIN farther than Berlin")
        let spread = try #require(vantages.spreads.first { $0.provider == "depin" })
        // 110 ms between the medians is a variance of 55² ≈ 3000 ms² between vantage points; within
        // them DePIN's sigma 0.2 gives 2 and 24 ms, plus this machine's noise.
        #expect(spread.betweenShare > 0.5, "the distance between vantage points is most of DePIN's pooled spread: \(spread.betweenShare)")
        #expect(try #require(spread.pooledVarianceRatio).point > spread.withinVarianceRatio.point)

        // One value of each vantage table as the model formatted it, in every format.
        let section = try #require(document.sections?.first { $0.id == "vantages" })
        let perVantage = try #require(section.tables.first { $0.id == "per-vantage" })
        let row = try #require(perVantage.rows.first { $0[0] == "depin" && $0[1] == "tokyo" })
        let p50 = row[try #require(perVantage.columns.firstIndex { $0.name == "p50" })]
        let spreadTable = try #require(section.tables.first { $0.id == "spread" })
        let within = spreadTable.rows[0][try #require(spreadTable.columns.firstIndex { $0.name == "within-vantage variance ratio" })]
        for (format, text) in outputs {
            #expect(text.contains(format == "csv" ? ",vantages,per-vantage," : "Vantage points"), "\(format) lacks the section")
            #expect(text.contains(p50), "\(format) lacks depin@tokyo p50 \(p50)")
            #expect(text.contains(within), "\(format) lacks \(within)")
        }
        #expect(try #require(outputs["md"]).contains("are pooled into one comparison"), "the note says the runs were pooled")
        #expect(try #require(outputs["md"]).contains("depin: \(NumberFormat.fixed(spread.betweenShare * 100, digits: 0))% of its pooled variance is "
            + "the distance between vantage points"), "the section says it in words")

        // The explicit flag over the same runs; then a run of another plan under the same label.
        let explicit = try await SondeBinary.run(["report", "--db", "run.db", "--by-vantage", "--label", "wk49"], in: dir)
        #expect(explicit.status == 0, "\(explicit.stderr)")
        #expect(explicit.stdout.contains("Vantage points"))
        let paris = try await Self.fleet(depinMedian: "12ms")
        try Self.plan(paris, interval: "10ms").write(to: dir.appendingPathComponent("paris.yaml"), atomically: true, encoding: .utf8)
        let rp = try await SondeBinary.run(["run", "-c", "paris.yaml", "--db", "run.db", "--label", "wk49", "--vantage", "paris"], in: dir)
        await paris.stop()
        #expect(rp.status == 0, "\(rp.stderr)")
        let refused = try await SondeBinary.run(["report", "--db", "run.db", "--by-vantage", "--label", "wk49"], in: dir)
        #expect(refused.status == 64, "\(refused.stdout)\n\(refused.stderr)")
        #expect(refused.stderr.contains("were made with different plans (probes.latency differ)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("(paris)"), "\(refused.stderr)")
        let history = try await SondeBinary.run(["report", "--db", "run.db", "--labels", "wk49"], in: dir)
        #expect(history.status == 0, "\(history.stderr)")
        #expect(!history.stdout.contains("Vantage points") && history.stdout.contains("# sonde history report"), "\(history.stdout.prefix(400))")

        // Every pooled run's stored configuration is parsed once: an invalid value is bad data (65), named.
        let store = try SampleStore(path: dir.appendingPathComponent("run.db").path)
        let badID = "bad0c0f1-0000-4000-8000-000000000160"
        _ = try store.beginRun(RunInfo(id: badID, startedNs: Int64(Date().timeIntervalSince1970 * 1e9), label: "wk49", vantage: "lima",
                                       host: "h", sondeVersion: "0.1.0", configHash: "x",
                                       configText: Self.plan(berlin).replacingOccurrences(of: "samples: 40", with: "samples: many")))
        try store.finishRun(badID, status: .complete, finishedNs: Int64(Date().timeIntervalSince1970 * 1e9))
        let bad = try await SondeBinary.run(["report", "--db", "run.db", "--by-vantage", "--label", "wk49"], in: dir)
        #expect(bad.status == 65, "\(bad.stderr)")
        #expect(bad.stderr.contains("run \(badID)") && bad.stderr.contains("probes.latency.samples"), "\(bad.stderr)")
    }
}

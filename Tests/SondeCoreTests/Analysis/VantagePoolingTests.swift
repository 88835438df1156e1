import Foundation
import Testing
@testable import SondeCore

@Suite struct VantagePoolingTests {
    static func record(_ id: String, vantage: String?, label: String? = "multi", config: String = "", startedNs: Int64 = 0) -> RunRecord {
        RunRecord(info: RunInfo(id: id, startedNs: startedNs, label: label, vantage: vantage, host: nil, sondeVersion: "t",
                                configHash: "h-\(id)", configText: config),
                  finishedNs: startedNs + 1, status: .complete)
    }

    /// A run from `vantage` with the cloud baseline at `cloudMs` and the DePIN provider at
    /// `depinMs` (log-normal, sigma 0.1, 400 attempts each); ids and endpoints differ per run,
    /// as they do when every agent stores into its own database or reaches its own address.
    static func member(_ id: String, vantage: String, cloudMs: Double, depinMs: Double, idBase: Int64, seed: UInt64) -> VantagePooling.Member {
        var cloud = VarianceAnalysisTests.series("cloud", kind: .centralized, region: "us-east", id: idBase, median: cloudMs * 1000,
                                                 sigma: 0.1, seed: seed)
        var depin = VarianceAnalysisTests.series("depin", kind: .depin, region: "eu", id: idBase + 1, median: depinMs * 1000,
                                                 sigma: 0.1, seed: seed + 1, errors: vantage == "tokyo" ? 20 : 0)
        cloud.provider.endpoint = "http://10.0.0.\(idBase):8080/health"
        depin.provider.endpoint = "http://10.0.0.\(idBase + 1):9090/health"
        let run = record(id, vantage: vantage)
        return .init(record: run, parts: RunParts(latency: RunData(run: run, series: [cloud, depin])), settings: StoredSettings(config: nil))
    }

    @Test func poolsProvidersAcrossVantagePointsAndKeepsTheWithinVantageSpreadApart() throws {
        // The cloud is 40 ms from both vantage points; DePIN 60 ms from Berlin, 100 ms from Tokyo (sigma 0.1).
        let members = [Self.member("t1", vantage: "tokyo", cloudMs: 40, depinMs: 100, idBase: 5, seed: 11),
                       Self.member("b1", vantage: "berlin", cloudMs: 40, depinMs: 60, idBase: 1, seed: 21)]
        let analysis = try RunAnalysis(pooling: members, settings: StoredSettings(config: nil))
        // One provider per identity (name, kind, region) although ids and endpoints differ.
        #expect(analysis.latency.providers.map(\.provider.name) == ["cloud", "depin"])
        #expect(analysis.latency.providers.map(\.attempts) == [800, 800])
        #expect(analysis.latency.providers[1].errorCount == 20)
        #expect(analysis.data.run.info.id == "b1+t1")
        #expect(analysis.data.run.info.vantage == "berlin+tokyo")
        let v = try #require(analysis.vantages)
        #expect(v.baseline == "cloud")
        #expect(v.runs.map(\.vantage) == ["berlin", "tokyo"])
        #expect(v.rows.map { "\($0.provider)@\($0.vantage)" } == ["cloud@berlin", "depin@berlin", "cloud@tokyo", "depin@tokyo"])
        #expect(v.rows[3].errors == 20 && v.rows[3].attempts == 400)
        #expect(abs(v.rows[3].errorRate - 0.05) < 1e-12)
        // Medians near the planted ones (400 log-normal draws, sigma 0.1: the median's SE is ~0.6%).
        for (row, planted) in zip(v.rows, [40.0, 60, 40, 100]) {
            let p50 = try #require(row.p50Us) / 1000
            #expect(abs(p50 / planted - 1) < 0.03, "\(row.provider)@\(row.vantage) p50 \(p50) ms vs \(planted)")
        }
        let spread = try #require(v.spreads.first)
        print("vantage pooling: within \(spread.withinVarianceRatio), pooled \(String(describing: spread.pooledVarianceRatio)), "
              + "between share \(spread.betweenShare), per-vantage ratios \(v.rows.map(\.varianceRatio))")
        #expect(spread.provider == "depin" && spread.vantages == ["berlin", "tokyo"])
        // Within a vantage point DePIN's sd is 6 and 10 ms against the cloud's 4: variances
        // (36 + 100) / 2 = 68 over 16, a ratio of about 4.25. Pooled, the 40 ms between DePIN's two
        // medians adds 20² = 400 ms² to DePIN only: 468 / 16 ≈ 29, of which 400 / 468 ≈ 85% is
        // distance between vantage points, not provider variance.
        let within = spread.withinVarianceRatio
        #expect(within.point > 3.4 && within.point < 5.1, "within \(within.point)")
        #expect(within.lower < within.point && within.point < within.upper)
        let pooled = try #require(spread.pooledVarianceRatio)
        #expect(pooled.point > 24 && pooled.point < 35, "pooled \(pooled.point)")
        #expect(pooled.lower > within.upper, "the pooled interval lies above the within-vantage one")
        #expect(pooled == analysis.variance?.comparisons(.provider).first?.spread.varianceRatio)
        #expect(spread.betweenShare > 0.8 && spread.betweenShare < 0.9, "between \(spread.betweenShare)")
        // Per-vantage ratios, each against the cloud at the same vantage point: (6/4)² and (10/4)².
        #expect(abs(try #require(v.rows[1].varianceRatio) - 2.25) < 0.6)
        #expect(abs(try #require(v.rows[3].varianceRatio) - 6.25) < 1.6)
        #expect(v.rows[0].varianceRatio == nil)
        #expect(analysis.notes.last?.contains("2 runs of one plan from vantage points berlin (run b1), tokyo (run t1)") == true)
        #expect(analysis.document.vantages == v)
    }

    @Test func perVantageRowsUseType7Quantiles() throws {
        // Totals 10, 20, 30, 40, 50 ms: p50 30, p90 46 (position 3.6), p99 49.6 (position 3.96);
        // IQR 40 − 20 = 20, MAD 10: numpy.percentile([10,20,30,40,50], [50,90,99]) → 30, 46, 49.6.
        func series(_ name: String, _ kind: ProviderKind, _ values: [Int64]) -> ProviderSeries {
            ProviderSeries(provider: Provider(name: name, kind: kind, region: "r", endpoint: "e"), samples: values.enumerated().map { i, ms in
                Sample(providerID: 1, probe: .latency, sequence: Int64(i), intendedNs: Int64(i), startedNs: Int64(i), totalUs: ms * 1000)
            })
        }
        let members = ["a", "b"].map { vantage -> VantagePooling.Member in
            let run = Self.record("r-\(vantage)", vantage: vantage)
            return .init(record: run, parts: RunParts(latency: RunData(run: run, series: [series("p", .depin, [50, 10, 40, 20, 30])])),
                         settings: StoredSettings(config: nil))
        }
        let v = try #require(try RunAnalysis(pooling: members, settings: StoredSettings(config: nil)).vantages)
        #expect(v.baseline == nil && v.spreads.isEmpty)
        #expect(v.rows.count == 2)
        #expect(v.rows[0].p50Us == 30_000 && abs(v.rows[0].p90Us! - 46_000) < 1e-6 && abs(v.rows[0].p99Us! - 49_600) < 1e-6)
        #expect(v.rows[0].iqrUs == 20_000 && v.rows[0].madUs == 10_000)
    }

    @Test func looksPooledNeedsDistinctVantagePointsAndOneLabel() {
        let a = Self.record("a", vantage: "berlin"), b = Self.record("b", vantage: "tokyo")
        #expect(VantagePooling.looksPooled([a, b]))
        #expect(!VantagePooling.looksPooled([a]))
        #expect(!VantagePooling.looksPooled([a, Self.record("c", vantage: "berlin")]))
        #expect(!VantagePooling.looksPooled([a, Self.record("c", vantage: nil)]))
        #expect(!VantagePooling.looksPooled([a, Self.record("c", vantage: "tokyo", label: "other")]))
    }

    static let plan = """
        providers:
          - { name: cloud, kind: centralized, region: us-east, endpoint: "http://127.0.0.1:%PORT%/health" }
          - { name: depin, kind: depin, region: eu, endpoint: "http://127.0.0.1:9999/health" }
        probes:
          latency: { interval: %INTERVAL%, samples: 10 }
        """

    static func settings(port: Int, interval: String = "10ms", run: String) throws -> StoredSettings {
        try StoredSettings.parse(plan.replacingOccurrences(of: "%PORT%", with: String(port))
            .replacingOccurrences(of: "%INTERVAL%", with: interval), run: run)
    }

    @Test func onePlanIsTheSameConfigurationApartFromEndpoints() throws {
        let a = Self.record("a", vantage: "berlin"), b = Self.record("b", vantage: "tokyo")
        // Another port per agent: still one plan.
        try VantagePooling.check([(a, try Self.settings(port: 1111, run: "a")), (b, try Self.settings(port: 2222, run: "b"))])
        // Another interval: two plans, named with the part that differs.
        #expect {
            try VantagePooling.check([(a, try Self.settings(port: 1111, run: "a")), (b, try Self.settings(port: 1111, interval: "20ms", run: "b"))])
        } throws: { error in
            let text = "\(error)"
            return text.contains("runs a (berlin) and b (tokyo) were made with different plans") && text.contains("probes.latency differ")
        }
        // Two runs from one vantage point cannot both be it.
        #expect {
            try VantagePooling.check([(a, try Self.settings(port: 1, run: "a")), (Self.record("c", vantage: "berlin"), try Self.settings(port: 1, run: "c"))])
        } throws: { error in "\(error)".contains("runs a and c are both from vantage 'berlin'") }
    }

    @Test func partsOfOneObserverStayPerVantagePoint() {
        func heartbeats(_ id: Int64) -> [ProviderSeries] {
            [ProviderSeries(provider: Provider(name: "depin", kind: .depin, region: "eu", endpoint: "x\(id)"),
                            samples: [Sample(providerID: id, probe: .availability, sequence: 0, intendedNs: 0, startedNs: 0, totalUs: 5)])]
        }
        let members = [("b", "berlin", Int64(7)), ("t", "tokyo", Int64(7))].map { id, vantage, provider -> VantagePooling.Member in
            let run = Self.record(id, vantage: vantage)
            return .init(record: run, parts: RunParts(latency: RunData(run: run, series: []), heartbeats: heartbeats(provider)),
                         settings: StoredSettings(config: nil))
        }
        let parts = VantagePooling.pool(members)
        #expect(parts.heartbeats.map(\.provider.name) == ["depin @ berlin", "depin @ tokyo"])
        // The same stored provider id in both runs becomes two ids, so nothing downstream merges them.
        #expect(Set(parts.heartbeats.map { $0.samples[0].providerID }).count == 2)
    }
}
